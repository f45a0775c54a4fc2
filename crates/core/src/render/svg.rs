//! A simple SVG drawing of a [`Flow`], laid out here so the HTML export needs
//! no external program: phases are bands from top to bottom, steps sit in
//! columns by dependency depth, the deliverable ends the band, the gate and
//! decisions follow it, and loop-backs run up the right margin.

use std::collections::HashMap;
use std::fmt::Write;

use super::escape::xml;
use super::flow::{EdgeKind, Flow, Node, NodeKind};
use super::wrap;

const NODE_W: f64 = 212.0;
const NODE_H: f64 = 62.0;
const COL_GAP: f64 = 44.0;
const ROW_GAP: f64 = 16.0;
const PAD: f64 = 18.0;
const TITLE: f64 = 34.0;
const AFTER_W: f64 = 300.0;
const AFTER_H: f64 = 46.0;
const GAP: f64 = 26.0;
const MARGIN: f64 = 70.0;

#[derive(Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

pub(crate) fn flow_svg(flow: &Flow) -> String {
    let band_w = flow
        .clusters
        .iter()
        .map(|c| {
            let cols = c.nodes.iter().map(|n| n.col + 1).max().unwrap_or(1) as f64;
            cols * NODE_W + (cols - 1.0) * COL_GAP + 2.0 * PAD
        })
        .fold(AFTER_W + 2.0 * PAD, f64::max);
    let mut at: HashMap<&str, Rect> = HashMap::new();
    let mut bands = Vec::new();
    let mut y = 10.0;
    for c in &flow.clusters {
        let rows = c.nodes.iter().map(|n| n.row + 1).max().unwrap_or(1) as f64;
        let inner = rows * NODE_H + (rows - 1.0) * ROW_GAP;
        let h = TITLE + inner + PAD;
        let band = Rect {
            x: 10.0,
            y,
            w: band_w,
            h,
        };
        for n in &c.nodes {
            let in_col = c.nodes.iter().filter(|m| m.col == n.col).count() as f64;
            let offset = (inner - (in_col * NODE_H + (in_col - 1.0) * ROW_GAP)) / 2.0;
            let r = Rect {
                x: band.x + PAD + n.col as f64 * (NODE_W + COL_GAP),
                y: band.y + TITLE + offset + n.row as f64 * (NODE_H + ROW_GAP),
                w: NODE_W,
                h: NODE_H,
            };
            at.insert(&n.id, r);
        }
        y += h + GAP;
        for n in &c.after {
            let r = Rect {
                x: band.x + (band_w - AFTER_W) / 2.0,
                y,
                w: AFTER_W,
                h: AFTER_H,
            };
            at.insert(&n.id, r);
            y += AFTER_H + GAP;
        }
        bands.push((band, c));
    }
    let width = band_w + 20.0 + MARGIN;
    let height = y;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flow" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
        xml::attr(&flow.title)
    );
    out.push_str(concat!(
        r##"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#5b6475"/></marker>"##,
        r##"<marker id="loop" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#c63c3c"/></marker></defs>"##,
        "\n"
    ));
    for (band, c) in &bands {
        let _ = writeln!(
            out,
            r##"<g class="phase"><rect x="{}" y="{}" width="{}" height="{}" rx="12" fill="#f7f8fb" stroke="#c9cfdb"/><text x="{}" y="{}" class="phase-title" font-weight="600" font-size="14" fill="#1f2a44">{}</text></g>"##,
            band.x,
            band.y,
            band.w,
            band.h,
            band.x + PAD,
            band.y + 22.0,
            xml::text(&c.title)
        );
    }
    let right = width - MARGIN / 2.0;
    for (n, e) in flow.edges.iter().enumerate() {
        let (Some(a), Some(b)) = (at.get(e.from.as_str()), at.get(e.to.as_str())) else {
            continue;
        };
        let path = if e.kind == EdgeKind::Loop {
            // Out of the decision's right side, up the margin, into the target's top.
            let top = b.y - 8.0;
            format!(
                "M{},{} H{right} V{top} H{} V{}",
                a.x + a.w,
                a.cy(),
                b.cx(),
                b.y
            )
        } else if b.y >= a.y + a.h - 1.0 {
            let (x1, y1, x2, y2) = (a.cx(), a.y + a.h, b.cx(), b.y);
            let mid = (y1 + y2) / 2.0;
            format!("M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{y2}")
        } else {
            let (x1, y1, x2, y2) = (a.x + a.w, a.cy(), b.x, b.cy());
            let mid = (x1 + x2) / 2.0;
            format!("M{x1},{y1} C{mid},{y1} {mid},{y2} {x2},{y2}")
        };
        let (stroke, marker, dash) = match e.kind {
            EdgeKind::Flow => ("#5b6475", "arrow", ""),
            EdgeKind::Loop => ("#c63c3c", "loop", r#" stroke-dasharray="6 4""#),
        };
        let _ = writeln!(
            out,
            r#"<path id="e{n}" d="{path}" fill="none" stroke="{stroke}" stroke-width="1.4"{dash} marker-end="url(#{marker})"/>"#
        );
        if let Some(l) = &e.label {
            let _ = writeln!(
                out,
                r##"<text x="{}" y="{}" font-size="11" fill="#c63c3c" text-anchor="end">{}</text>"##,
                right - 6.0,
                (a.cy() + b.y) / 2.0,
                xml::text(l)
            );
        }
    }
    for c in &flow.clusters {
        for n in c.nodes.iter().chain(&c.after) {
            if let Some(r) = at.get(n.id.as_str()) {
                node(&mut out, n, *r);
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

fn node(out: &mut String, n: &Node, r: Rect) {
    let (fill, stroke) = match n.kind {
        NodeKind::Step => ("#eef4ff", "#3b6fd8"),
        NodeKind::Deliverable => ("#eaf7ee", "#2f8f4e"),
        NodeKind::Gate => ("#fff4e0", "#d38b12"),
        NodeKind::Decision => ("#fdeaea", "#c63c3c"),
    };
    let _ = write!(
        out,
        r#"<g class="node {}"><title>{}: {}</title>"#,
        kind_name(n.kind),
        xml::text(&n.title),
        xml::text(&n.text)
    );
    match n.kind {
        NodeKind::Step | NodeKind::Deliverable => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="8" fill="{fill}" stroke="{stroke}"/>"#,
                r.x, r.y, r.w, r.h
            );
        }
        NodeKind::Gate | NodeKind::Decision => {
            let inset = if n.kind == NodeKind::Gate { 16.0 } else { 30.0 };
            let (x, y, w, h) = (r.x, r.y, r.w, r.h);
            let _ = write!(
                out,
                r#"<polygon points="{},{} {},{} {},{} {},{} {},{} {},{}" fill="{fill}" stroke="{stroke}"/>"#,
                x,
                y + h / 2.0,
                x + inset,
                y,
                x + w - inset,
                y,
                x + w,
                y + h / 2.0,
                x + w - inset,
                y + h,
                x + inset,
                y + h
            );
        }
    }
    let (chars, lines) = match n.kind {
        NodeKind::Step | NodeKind::Deliverable => (33, 2),
        _ => (40, 1),
    };
    let mut text = vec![(super::cut(&n.title, chars - 6), true)];
    text.extend(wrap(&n.text, chars, lines).into_iter().map(|l| (l, false)));
    let total = text.len() as f64 * 15.0;
    let (anchor, x) = match n.kind {
        NodeKind::Step | NodeKind::Deliverable => ("start", r.x + 10.0),
        _ => ("middle", r.cx()),
    };
    for (i, (line, bold)) in text.iter().enumerate() {
        let y = r.cy() - total / 2.0 + 11.5 + i as f64 * 15.0;
        let weight = if *bold { r#" font-weight="600""# } else { "" };
        let _ = write!(
            out,
            r##"<text x="{x}" y="{y}" font-size="{}" fill="#1a2540" text-anchor="{anchor}"{weight}>{}</text>"##,
            if *bold { 12 } else { 11 },
            xml::text(line)
        );
    }
    out.push_str("</g>\n");
}

fn kind_name(k: NodeKind) -> &'static str {
    match k {
        NodeKind::Step => "step",
        NodeKind::Deliverable => "deliverable",
        NodeKind::Gate => "gate",
        NodeKind::Decision => "decision",
    }
}
