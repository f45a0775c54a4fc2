//! A generic YAML tree with a location on every key and value, used to find
//! keys the format does not know (they are warnings, not errors) and the
//! mapping a required key is missing from.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::span::{Sp, Span};

#[derive(Debug)]
pub(crate) enum Node {
    Map(Vec<(Sp<String>, Sp<Node>)>),
    Seq(Vec<Sp<Node>>),
    Scalar,
}

/// A position as (line, column), for ordering.
fn at(span: Span) -> (u32, u32) {
    (span.line, span.column)
}

/// Where `node` ends: the start of the last thing written in it.
fn last_position(node: &Sp<Node>) -> (u32, u32) {
    match &node.value {
        Node::Map(entries) => entries
            .last()
            .map(|(key, value)| at(key.span).max(last_position(value)))
            .unwrap_or(at(node.span)),
        Node::Seq(items) => items.last().map(last_position).unwrap_or(at(node.span)),
        Node::Scalar => at(node.span),
    }
}

/// The first key of the innermost mapping that holds `position`: where a
/// diagnostic about the mapping as a whole (a key it lacks) belongs.
pub(crate) fn mapping_around(node: &Sp<Node>, position: (u32, u32)) -> Option<Span> {
    let inner = match &node.value {
        Node::Map(entries) => entries
            .iter()
            .find_map(|(_, value)| mapping_around(value, position)),
        Node::Seq(items) => items.iter().find_map(|item| mapping_around(item, position)),
        Node::Scalar => None,
    };
    inner.or_else(|| match &node.value {
        Node::Map(entries) => {
            let first = entries.first()?.0.span;
            (at(first) <= position && position <= last_position(node)).then_some(Span {
                len: entries[0].0.value.len(),
                ..first
            })
        }
        _ => None,
    })
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Sp<KeyText>>()? {
            let value = map.next_value::<Sp<Node>>()?;
            entries.push((Sp::new(key.value.0, key.span), value));
        }
        Ok(Node::Map(entries))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Sp<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_i128<E>(self, _: i128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_u128<E>(self, _: u128) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_str<E>(self, _: &str) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_bytes<E>(self, _: &[u8]) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Scalar)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }
}

/// A mapping key of any scalar type, kept as text.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = KeyText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a scalar key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<KeyText, E> {
                Ok(KeyText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<KeyText, E> {
                Ok(KeyText("~".to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}
