//! The `sklaida` command line: parses arguments and calls the library.

// Functions fit on a screen (clippy.toml: 100 lines); `-D warnings` makes it an error.
#![warn(clippy::too_many_lines)]

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use sklaida::{BuildOptions, Diagnostic, Errors};

#[derive(Parser)]
#[command(
    name = "sklaida",
    version,
    about = "A static site generator for public-awareness campaigns"
)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print every warning and what was written.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/.
    Build {
        /// The site folder (holding site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Use this base URL instead of the one in site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Render and compare everything even when nothing changed since the last build.
        #[arg(long)]
        force: bool,
    },
    /// Check the site before publishing: broken links, missing images and alt text,
    /// translations, headings, front matter. Writes nothing; exits 1 on errors.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Check with this base URL instead of the one in site.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Also check links to other sites (needs the internet; never fails the check).
        #[arg(long)]
        external: bool,
        /// Seconds to wait for another site with --external.
        #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
        timeout: f64,
        /// Exit 1 on warnings too (for CI).
        #[arg(long, alias = "strict")]
        deny_warnings: bool,
        /// text (one line per problem) or json (for CI tools).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Create a new site in DIR.
    Init { dir: PathBuf },
    /// Create a content file with its type's front matter.
    New(NewArgs),
    /// Print the content manager's configuration (config.yml), as every build writes
    /// it to /admin/ when site.toml has a [cms] table.
    Cms {
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Preview the site locally, rebuilding and reloading the browser on every save.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (the next free one if taken; 0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but 127.0.0.1 shows the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Include drafts and pages dated in the future.
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Let the CMS at /admin/ edit the files of this folder (Decap's local backend;
        /// this computer only).
        #[arg(long)]
        cms: bool,
    },
}

/// `sklaida check`: the report on standard output; failure when it does not pass.
fn check(options: &sklaida::check::Options, format: Format, quiet: bool, deny: bool) -> ExitCode {
    let report = sklaida::check::run(options);
    match format {
        Format::Text => print!("{}", report.to_text(quiet)),
        Format::Json => println!("{:#}", report.to_json()),
    }
    if report.passed(deny) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `sklaida new`'s arguments.
#[derive(Args)]
struct NewArgs {
    /// page, article, event, poster, newsletter or story.
    #[arg(value_name = "TYPE")]
    kind: String,
    title: String,
    /// Language of the new file (default: the site's default language).
    #[arg(long)]
    lang: Option<String>,
    /// Make the new file the translation of this one: same name with the language
    /// suffix beside it, so that the two pair.
    #[arg(long, value_name = "FILE")]
    translation_of: Option<PathBuf>,
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

/// `sklaida new`: a new content file, or with `--translation-of` the translation of
/// one; says which file it wrote.
fn new_file(args: &NewArgs, quiet: bool) -> Result<(), Errors> {
    let today = jiff::Zoned::now().date();
    let (root, kind, title, lang) = (&args.root, &args.kind, &args.title, args.lang.as_deref());
    let path = match &args.translation_of {
        Some(of) => sklaida::new_translation(root, of, kind, title, lang, today),
        None => sklaida::new_content(root, kind, title, lang, today),
    }?;
    if !quiet {
        println!("created {}", path.display());
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => {
            // Ctrl+C stops writing and leaves the previous output in place.
            sklaida::interrupt::install();
            let progress = (!cli.quiet).then(progress_bar).flatten();
            let options = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                now: None,
                progress,
                force,
            };
            sklaida::build(&options).map(|report| {
                print_warnings(&report.warnings, cli.quiet, cli.verbose);
                if !cli.quiet {
                    println!("{}", report.summary());
                }
            })
        }
        Command::Check {
            root,
            base_url,
            drafts,
            external,
            timeout,
            deny_warnings,
            format,
        } => {
            let options = sklaida::check::Options {
                build: BuildOptions {
                    root,
                    base_url,
                    drafts,
                    ..BuildOptions::default()
                },
                external,
                external_settings: sklaida::check::external::Settings {
                    timeout: std::time::Duration::from_secs_f64(timeout.clamp(0.1, 600.0)),
                    ..Default::default()
                },
            };
            return check(&options, format, cli.quiet, deny_warnings);
        }
        Command::Init { dir } => sklaida::init(&dir).map(|files| {
            if !cli.quiet {
                for f in files {
                    println!("created {}", f.display());
                }
                println!("Next: cd {} && sklaida build", dir.display());
            }
        }),
        Command::New(args) => new_file(&args, cli.quiet),
        Command::Cms { root } => sklaida::cms_config(&BuildOptions {
            root,
            output: None,
            base_url: None,
            drafts: false,
            now: None,
            progress: None,
            force: false,
        })
        .map(|yaml| print!("{yaml}")),
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            open,
            cms,
        } => sklaida::serve::run(&sklaida::serve::ServeOptions {
            root,
            port,
            bind,
            drafts,
            open,
            verbose: cli.verbose,
            cms,
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) if sklaida::interrupt::requested() => {
            eprintln!("Interrupted: nothing was published; the previous output is as it was.");
            ExitCode::from(sklaida::interrupt::EXIT_STATUS)
        }
        Err(errors) => {
            report_errors(&errors);
            ExitCode::FAILURE
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

fn print_warnings(warnings: &[Diagnostic], quiet: bool, verbose: bool) {
    if !quiet {
        eprint!(
            "{}",
            sklaida::error::warnings_text(warnings, (!verbose).then_some(20))
        );
    }
}

fn report_errors(errors: &Errors) {
    eprintln!("{errors}");
}

/// A progress bar on a terminal; none when output is piped (CI logs stay clean).
fn progress_bar() -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} rendering {pos}/{len} {wide_bar}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(bar)
}
