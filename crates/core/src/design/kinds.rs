//! The kind of work a scenario asks for, where the words it shares with a
//! playbook mislead: "triple the backend team" is hiring, not building a
//! backend; "a feature for our web app" is not a mobile app launch, however
//! many words ("build", "app", "feature") the two share.
//!
//! Read the same way from a scenario and from a library workflow's own
//! framing (its name, trigger and description), so that the two can be
//! compared: the base must be the same kind of work as the scenario.

use crate::model::Workflow;
use crate::text::words::stems;

/// The platform a piece of work is built for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Platform {
    Web,
    Mobile,
}

/// What a text says about the kind of work.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kind {
    /// The one platform it names (`None` when it names none, or both).
    pub platform: Option<Platform>,
    /// It grows a team: "triple the backend team", "grow engineering",
    /// "from 8 to 24 engineers".
    pub grows_team: bool,
    /// The speciality of the team it grows, as written ("backend" in
    /// "triple the backend team"): who is hired, not work to do.
    pub team_speciality: Vec<String>,
}

impl Kind {
    /// The kind of work a scenario asks for.
    pub fn of_text(text: &str) -> Kind {
        let growth = team_growth(text);
        Kind {
            platform: platform(text),
            grows_team: growth.is_some(),
            team_speciality: growth.unwrap_or_default(),
        }
    }

    /// The kind of work a library workflow does, from its own framing. Its
    /// platform is the one its name says: a trigger may mention the
    /// platform it replaces ("mobile web cannot deliver offline use").
    pub fn of_workflow(wf: &Workflow) -> Kind {
        let framing = [
            Some(wf.name.value.as_str()),
            wf.trigger.as_deref(),
            wf.description.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(". ");
        let growth = team_growth(&framing);
        Kind {
            platform: platform(&wf.name.value),
            grows_team: growth.is_some(),
            team_speciality: growth.unwrap_or_default(),
        }
    }

    /// Whether a workflow of kind `other` is built for a platform this
    /// scenario does not name, while it names another.
    pub fn platform_conflicts(&self, other: &Kind) -> bool {
        matches!((self.platform, other.platform), (Some(a), Some(b)) if a != b)
    }
}

/// Words that name a platform, after text analysis.
const MOBILE: &[&str] = &["mobile", "ios", "android", "app store", "react native"];
const WEB: &[&str] = &["web", "browser", "website", "webapp", "desktop web"];

fn platform(text: &str) -> Option<Platform> {
    let s = stems(text);
    let names = |cues: &[&str]| {
        cues.iter().any(|c| {
            let w = stems(c);
            !w.is_empty() && w.iter().all(|x| s.contains(x))
        })
    };
    match (names(WEB), names(MOBILE)) {
        (true, false) => Some(Platform::Web),
        (false, true) => Some(Platform::Mobile),
        _ => None,
    }
}

/// Verbs that grow something.
const GROW: &[&str] = &[
    "grow",
    "grows",
    "growing",
    "triple",
    "triples",
    "tripling",
    "double",
    "doubles",
    "doubling",
    "quadruple",
    "expand",
    "expands",
    "expanding",
];

/// Words that name a team or its people.
const TEAM: &[&str] = &[
    "team",
    "teams",
    "engineering",
    "engineers",
    "developers",
    "headcount",
    "org",
    "organization",
    "organisation",
    "people",
    "staff",
];

/// Words that may stand between a growth verb and the team it grows: "the
/// backend team", "our engineering org".
const BETWEEN: &[&str] = &["the", "our", "a", "an", "my", "its", "their", "this"];

/// Whether a text grows a team: a growth verb whose object is a team ("triple
/// the backend team", "growing engineering"), or a headcount that rises ("from
/// 8 to 24 engineers", "20 to 60 engineers").
pub fn grows_team(text: &str) -> bool {
    team_growth(text).is_some()
}

/// [`grows_team`], with the speciality of the team grown (empty when the
/// text names none).
fn team_growth(text: &str) -> Option<Vec<String>> {
    let lower = text.to_lowercase();
    let mut found: Option<Vec<String>> = None;
    for clause in lower.split([',', ';', '.', ':', '!', '?', '(', ')', '\n']) {
        let w: Vec<&str> = clause
            .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            .filter(|t| !t.is_empty())
            .collect();
        for i in 0..w.len() {
            if let Some(speciality) = grown_object(&w, i) {
                let all = found.get_or_insert_with(Vec::new);
                all.extend(speciality.map(str::to_string));
            } else if rising_headcount(&w, i) {
                found.get_or_insert_with(Vec::new);
            }
        }
    }
    found
}

/// `w[i]` is a growth verb whose object is a team: after it, words of
/// [`BETWEEN`] and at most one other word (the team's speciality, returned),
/// then a team word that is not possessive ("double the team's velocity"
/// grows the velocity).
fn grown_object<'a>(w: &[&'a str], i: usize) -> Option<Option<&'a str>> {
    if !GROW.contains(&w[i]) {
        return None;
    }
    let mut speciality = None;
    for (j, word) in w.iter().enumerate().skip(i + 1) {
        if TEAM.contains(word) {
            return (w.get(j + 1) != Some(&"s")).then_some(speciality);
        }
        if BETWEEN.contains(word) {
            continue;
        }
        if speciality.is_some() {
            return None;
        }
        speciality = Some(*word);
    }
    None
}

/// `w[i..]` reads `N to M <people>` with M above N.
fn rising_headcount(w: &[&str], i: usize) -> bool {
    let n = |t: &str| t.parse::<f64>().ok();
    match (w.get(i).and_then(|t| n(t)), w.get(i + 1), w.get(i + 2)) {
        (Some(a), Some(&"to"), Some(b)) => {
            let Some(b) = n(b) else { return false };
            b > a
                && w.get(i + 3)
                    .is_some_and(|p| ["engineers", "people", "developers"].contains(p))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    #[test]
    fn growing_a_team_is_read_from_its_object() {
        for yes in [
            "Triple the backend team from 8 to 24 engineers in 6 months.",
            "We are growing engineering from 40 to 150 people",
            "double our engineering org this year",
            "hire our way from 12 to 30 engineers",
        ] {
            assert!(grows_team(yes), "{yes}");
        }
        for no in [
            "lead time keeps growing, and no team owns a customer outcome",
            "double the team's velocity",
            "triple the traffic our backend team can serve",
            "Build a team workspace sharing feature",
            "cut the bill from 40 to 20 percent",
        ] {
            assert!(!grows_team(no), "{no}");
        }
        let k = Kind::of_text("Triple the backend team from 8 to 24 engineers");
        assert_eq!(k.team_speciality, ["backend"]);
    }

    #[test]
    fn a_platform_is_named_once_or_not_at_all() {
        let p = |t: &str| Kind::of_text(t).platform;
        assert_eq!(
            p("a sharing feature for our B2B web app"),
            Some(Platform::Web)
        );
        assert_eq!(p("ship our iOS and Android apps"), Some(Platform::Mobile));
        assert_eq!(p("a web and mobile launch"), None);
        assert_eq!(p("a new notifications service"), None);
    }

    #[test]
    fn the_library_says_what_kind_of_work_each_playbook_is() {
        let catalog = Catalog::builtin();
        let kind = |id: &str| {
            let wf = catalog.library.workflows().find(|w| w.id == id).unwrap();
            Kind::of_workflow(wf)
        };
        assert!(kind("hiring-blitz").grows_team);
        assert!(kind("scaling-engineering-organization").grows_team);
        assert!(!kind("org-redesign").grows_team);
        assert!(!kind("backend-api-build").grows_team);
        assert_eq!(
            kind("mobile-app-launch-ios-android").platform,
            Some(Platform::Mobile)
        );
        assert_eq!(kind("new-product-feature").platform, None);
        let growing: Vec<&str> = catalog
            .library
            .workflows()
            .filter(|w| Kind::of_workflow(w).grows_team)
            .map(|w| w.id.as_str())
            .collect();
        assert_eq!(
            growing,
            ["hiring-blitz", "scaling-engineering-organization"],
            "only the playbooks that grow a team say so"
        );
    }
}
