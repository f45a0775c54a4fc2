//! Swapping a base workflow's endpoints for the scenario's: when the base is
//! "Platform Migration (AWS → GCP)" and the scenario says "from Heroku to
//! AWS", every AWS in the base becomes Heroku and every GCP becomes AWS, at
//! once, in prose (`Decommission AWS`) and in names (`aws-environment`).

/// The `X → Y` of a workflow name, when each side is one word.
pub fn base_endpoints(name: &str) -> Option<(String, String)> {
    let inner = match (name.find('('), name.rfind(')')) {
        (Some(a), Some(b)) if a < b => &name[a + 1..b],
        _ => name,
    };
    let mut parts = inner.split('→');
    let (x, y) = (parts.next()?.trim(), parts.next()?.trim());
    let one = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric());
    (parts.next().is_none() && one(x) && one(y)).then(|| (x.to_string(), y.to_string()))
}

/// The `from A to B` of a scenario (each side up to three words).
pub fn scenario_endpoints(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let stops = [
        "in", "within", "by", "before", "over", "without", "and", "while", "so", "for", "on",
        "with", "because",
    ];
    let clean = |w: &str| {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '-')
            .to_string()
    };
    let from = words.iter().position(|w| w.eq_ignore_ascii_case("from"))?;
    let to = from
        + 1
        + words[from + 1..]
            .iter()
            .position(|w| w.eq_ignore_ascii_case("to"))?;
    let a: Vec<String> = words[from + 1..to].iter().map(|w| clean(w)).collect();
    let mut b = Vec::new();
    for w in &words[to + 1..] {
        let c = clean(w);
        if c.is_empty() || stops.contains(&c.to_lowercase().as_str()) || b.len() == 3 {
            break;
        }
        let ends = w.ends_with([',', '.', ';', ':', '!', '?']);
        b.push(c);
        if ends {
            break;
        }
    }
    let filler = [
        "our", "my", "the", "their", "own", "a", "an", "existing", "current",
    ];
    let keep = |v: Vec<String>| -> Vec<String> {
        v.into_iter()
            .filter(|w| !filler.contains(&w.to_lowercase().as_str()))
            .collect()
    };
    let (a, b) = (keep(a), keep(b));
    // Endpoints are things (platforms, vendors, ways of working), not
    // quantities: "from 40 minutes to under 10" is a target, not a swap.
    let quantity = |w: &String| {
        w.starts_with(|c: char| c.is_ascii_digit())
            || ["under", "below", "over", "above", "less", "more", "about"]
                .contains(&w.to_lowercase().as_str())
    };
    let ok = |v: &[String]| {
        !v.is_empty() && v.len() <= 3 && v.iter().all(|w| !w.is_empty() && !quantity(w))
    };
    (ok(&a) && ok(&b)).then(|| (a.join(" "), b.join(" ")))
}

/// Replace whole words (case-insensitively) by their counterparts, all at
/// once; in a lowercase word the replacement is written kebab-case.
pub fn swap(text: &str, pairs: &[(String, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        match pairs
            .iter()
            .find(|(from, _)| from.eq_ignore_ascii_case(word))
        {
            Some((_, to)) if word.chars().all(|c| !c.is_uppercase()) => {
                out.push_str(&crate::model::kebab_case(to));
            }
            Some((_, to)) => out.push_str(to),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_of_names_and_scenarios() {
        assert_eq!(
            base_endpoints("Platform Migration (AWS → GCP)"),
            Some(("AWS".into(), "GCP".into()))
        );
        assert_eq!(base_endpoints("Scaling (10 → 50 → 200 Engineers)"), None);
        assert_eq!(
            base_endpoints("Org Redesign (Functional → Product Teams)"),
            None
        );
        assert_eq!(base_endpoints("Kubernetes Migration"), None);
        assert_eq!(
            scenario_endpoints("Migrate our payment service from Heroku to AWS in 4 months"),
            Some(("Heroku".into(), "AWS".into()))
        );
        assert_eq!(
            scenario_endpoints("move from our own data center to Google Cloud, carefully"),
            Some(("data center".into(), "Google Cloud".into()))
        );
        assert_eq!(scenario_endpoints("migrate to AWS"), None);
        assert_eq!(
            scenario_endpoints("Cut CI build times from 40 minutes to under 10"),
            None
        );
        assert_eq!(scenario_endpoints("grow from 40 to 150 people"), None);
    }

    #[test]
    fn swapping_is_simultaneous_and_keeps_word_boundaries() {
        let pairs = [
            ("AWS".to_string(), "Heroku".to_string()),
            ("GCP".to_string(), "AWS".to_string()),
        ];
        assert_eq!(
            swap("Decommission AWS; GCP landing zone", &pairs),
            "Decommission Heroku; AWS landing zone"
        );
        assert_eq!(
            swap("aws-environment, gcp-org", &pairs),
            "heroku-environment, aws-org"
        );
        assert_eq!(swap("awsome laws", &pairs), "awsome laws");
        let cloud = [("GCP".to_string(), "Google Cloud".to_string())];
        assert_eq!(
            swap("gcp-landing-zone on GCP", &cloud),
            "google-cloud-landing-zone on Google Cloud"
        );
    }
}
