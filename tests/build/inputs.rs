//! Input files that are not what they seem (issue 17, classes 8 and 10), read through
//! the library: posters and print files over their size limit, links out of the site
//! folder as `check` and `build` see them. The broken-input corpus
//! (`tests/fixtures/broken/input_…`, `symlink_…`) has the rest, run with the binary.

use std::fs;

use crate::support::*;

/// A file of `len` bytes that takes no disk space (a sparse file of zeros).
fn sparse(path: &std::path::Path, len: u64) {
    let file = fs::File::create(path).expect("create");
    file.set_len(len).expect("set_len");
}

/// Makes the poster file `name` of the `posters` fixture one byte larger than `limit`;
/// the build must fail with one error at each page showing that poster (Lithuanian
/// and English), at `field`, ending with `message`, and write nothing.
fn over_the_limit(name: &str, limit: u64, field: &str, message: &str) {
    let site = TestSite::fixture("posters");
    sparse(
        &site.root.join("content/plakatai/dideli-zodziai").join(name),
        limit + 1,
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 2, "{errors:?}");
    for d in &errors {
        assert_eq!(d.field.as_deref(), Some(field), "{d}");
        assert!(d.message.ends_with(message), "{d}");
    }
    assert!(!site.out.exists());
}

#[test]
fn poster_files_over_their_limit_are_errors_naming_the_file_and_the_limit() {
    over_the_limit(
        "plakatas.jpg",
        sklaida::input::IMAGE_LIMIT,
        "image",
        "plakatas.jpg: the file is 268435457 bytes, more than the 268435456 bytes (256.0 MiB) sklaida reads from a file like this; make it smaller",
    );
    // A print PDF is copied, not read whole: its limit is higher.
    over_the_limit(
        "plakatas-a3.pdf",
        sklaida::input::FILE_LIMIT,
        "pdf",
        "plakatas-a3.pdf cannot be read: the file is 4294967297 bytes, more than the 4294967296 bytes (4.0 GiB) sklaida reads from a file like this; make it smaller",
    );
}

#[cfg(unix)]
#[test]
fn check_and_build_report_links_out_of_the_site_and_publish_nothing() {
    let site = TestSite::fixture("posters");
    let secret = site.tmp().join("slapta");
    fs::create_dir_all(&secret).expect("mkdir");
    fs::write(secret.join("raktas.txt"), "slaptas raktas\n").expect("write");
    fs::write(
        secret.join("puslapis.md"),
        "---\ntitle: Svetimas\n---\nSvetimas.\n",
    )
    .expect("write");
    let link = |target: &std::path::Path, rel: &str| {
        let path = site.root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, path).expect("symlink");
    };
    link(&secret.join("raktas.txt"), "static/raktas.txt");
    link(&secret.join("puslapis.md"), "content/svetimas.md");
    link(&secret, "content/plakatai/dideli-zodziai/priedai");
    // A link inside the site is fine.
    link(
        std::path::Path::new("../plakatai/skaidrus/plakatas.png"),
        "content/kopijos/plakatas.png",
    );

    let report = sklaida::check::run(&sklaida::check::Options {
        build: site.options(),
        external: false,
        external_settings: Default::default(),
    });
    let outside: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("outside the site folder"))
        .map(|d| d.path.display().to_string())
        .collect();
    assert_eq!(
        outside,
        [
            "content/plakatai/dideli-zodziai/priedai",
            "content/svetimas.md",
            "static/raktas.txt"
        ]
    );
    assert!(!report.passed(false));

    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{errors:?}");
    assert!(errors.iter().all(|d| d.message.contains(&format!(
        "symlink to {}",
        fs::canonicalize(&secret).expect("canonical").display()
    ))));
    assert!(!site.out.exists());
}
