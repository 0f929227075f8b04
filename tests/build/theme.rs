//! The default theme's shared blocks: a site that overrides one changes every page that
//! shows it (docs/templates.md, "The default theme's shared blocks").

use crate::support::*;

/// The default theme's `templates/<rel>`.
fn theme_template(rel: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("themes/default/templates")
        .join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn an_own_section_list_layout_frames_every_kind_of_section_page() {
    let site = TestSite::fixture("typed");
    let layout = theme_template("section-list.html").replace(
        "<h1>{{ section.title }}</h1>",
        "<h1>{{ section.title }}</h1><p class=\"own-frame\">{{ section.url }}</p>",
    );
    assert!(layout.contains("own-frame"), "the layout's heading moved");
    site.write("templates/section-list.html", &layout);
    site.build_ok();

    // Articles and stories use section.html; events, posters and newsletters their own.
    for url in [
        "/straipsniai/",
        "/istorijos/",
        "/renginiai/",
        "/plakatai/",
        "/naujienlaiskiai/",
    ] {
        let html = site.html(url);
        assert_eq!(text(one(&html, ".section-list .page-head .own-frame")), url);
        assert_eq!(select(&html, ".section-list h1").len(), 1, "{url}");
    }
    assert!(
        select(&site.html("/"), ".own-frame").is_empty(),
        "the home page is not a list"
    );
}

#[test]
fn an_own_issue_label_changes_the_issue_page_and_the_archive() {
    let site = TestSite::fixture("newsletters");
    let components = theme_template("partials/components.html");
    let label = "{%- if p.number and p.date %} · {% endif %}";
    assert!(components.contains(label), "issue_label changed");
    site.write(
        "templates/partials/components.html",
        &components.replace(label, "{%- if p.number and p.date %} / {% endif %}"),
    );
    site.build_ok();

    let issue = site.html("/naujienlaiskiai/nr-2/");
    assert!(
        text(one(&issue, ".issue-label")).contains("2 / "),
        "{}",
        text(one(&issue, ".issue-label"))
    );
    let archive = site.html("/naujienlaiskiai/");
    let metas: Vec<String> = select(&archive, ".issue .card-meta")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(metas.len(), 2, "{metas:?}");
    assert!(
        metas
            .iter()
            .all(|m| m.contains(" / ") && !m.contains(" · ")),
        "{metas:?}"
    );
}
