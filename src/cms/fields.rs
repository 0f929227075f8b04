//! The form fields of each content type: widgets, required marks and patterns as the
//! build checks them.

use serde_json::{json, Value};

use crate::content::ContentType;

/// `date`: a day; required where the build requires it.
pub(super) fn date_field(kind: ContentType) -> Value {
    let required = matches!(
        kind,
        ContentType::Article | ContentType::Newsletter | ContentType::Story
    );
    let mut field = day_widget("date", "Date", required);
    field["hint"] = json!("The day it was published.");
    field
}

pub(super) fn day_widget(name: &str, label: &str, required: bool) -> Value {
    json!({"name": name, "label": label, "widget": "datetime", "required": required,
        "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": false,
        "picker_utc": false, "i18n": true})
}

/// A day and a time of the site's time zone, as Sklaida reads `2026-12-10 18:00`.
pub(super) fn time_widget(name: &str, label: &str, required: bool) -> Value {
    json!({"name": name, "label": label, "widget": "datetime", "required": required,
        "format": "YYYY-MM-DD HH:mm", "date_format": "YYYY-MM-DD", "time_format": "HH:mm",
        "picker_utc": false, "i18n": true,
        "hint": "In the site's time zone."})
}

/// `image` and `image_alt`; the admin page's check refuses a picture without its text.
pub(super) fn image_fields(required: bool) -> Vec<Value> {
    vec![
        json!({"name": "image", "label": "Picture", "widget": "image", "required": required,
            "i18n": true, "choose_url": false}),
        json!({"name": "image_alt", "label": "Picture description (alt text)", "widget": "string",
            "required": required, "i18n": true,
            "hint": "What the picture shows, for people who cannot see it. Required with a picture."}),
    ]
}

const WEB_ADDRESS: &str = "^https?://[^\\s<>\"]+$";

pub(super) fn web_address(name: &str, label: &str) -> Value {
    json!({"name": name, "label": label, "widget": "string", "required": false, "i18n": true,
        "pattern": [WEB_ADDRESS, "A web address starting with https://"]})
}

/// The fields only this type has, as the build checks them.
pub(super) fn type_fields(kind: ContentType) -> Vec<Value> {
    match kind {
        ContentType::Page => Vec::new(),
        ContentType::Article => vec![
            json!({"name": "author", "label": "Author", "widget": "string", "required": false, "i18n": true}),
            json!({"name": "source", "label": "Source", "widget": "object", "required": false, "i18n": true,
            "collapsed": true, "fields": [
                {"name": "name", "label": "Name", "widget": "string", "required": true, "i18n": true},
                web_address("url", "Address"),
            ]}),
        ],
        ContentType::Event => vec![
            time_widget("start", "Starts", true),
            time_widget("end", "Ends", false),
            json!({"name": "location", "label": "Place", "widget": "object", "required": false, "i18n": true,
            "fields": [
                {"name": "name", "label": "Name of the place", "widget": "string", "required": true, "i18n": true},
                {"name": "address", "label": "Street address", "widget": "string", "required": false, "i18n": true},
            ]}),
            web_address("online_url", "Online (stream or meeting) address"),
            web_address("registration_url", "Registration address"),
            json!({"name": "status", "label": "Status", "widget": "select", "required": false, "i18n": true,
                "options": ["scheduled", "cancelled", "postponed"]}),
            json!({"name": "participants", "label": "Participants (after the event)", "widget": "number",
                "value_type": "int", "min": 0, "required": false, "i18n": true}),
        ],
        ContentType::Poster => {
            let mut fields = image_fields(true);
            fields.push(
                json!({"name": "pdf", "label": "Printable PDF", "widget": "file", "required": false,
                "i18n": true, "choose_url": false}),
            );
            fields.push(
                json!({"name": "size", "label": "Paper size", "widget": "select", "required": false,
                "i18n": true, "options": ["A4", "A3", "A2"]}),
            );
            fields
        }
        ContentType::Newsletter => vec![
            json!({"name": "number", "label": "Issue number", "widget": "number", "value_type": "int",
                "min": 1, "required": true, "i18n": true}),
        ],
        ContentType::Story => story_fields(),
    }
}

pub(super) fn story_fields() -> Vec<Value> {
    vec![
        json!({"name": "consent", "label": "The person agreed to publish this story", "widget": "boolean",
            "required": true, "i18n": true,
            "pattern": ["^true$", "A story is published only with the written consent of the person in it: tick this once you have it."],
            "hint": "Tick only when you have the person's written consent to publish the story (and photo). Without it the story is not published."}),
        json!({"name": "anonymous", "label": "No one is named", "widget": "boolean", "required": false,
            "i18n": true, "hint": "Either tick this or fill in the ambassador below."}),
        json!({"name": "ambassador", "label": "Ambassador (the person in the story)", "widget": "object",
        "required": false, "i18n": true, "fields": [
            {"name": "name", "label": "Name", "widget": "string", "required": true, "i18n": true},
            {"name": "role", "label": "Role", "widget": "string", "required": false, "i18n": true},
            {"name": "photo", "label": "Photo", "widget": "image", "required": false, "i18n": true, "choose_url": false},
            {"name": "photo_alt", "label": "Photo description (alt text)", "widget": "string", "required": false, "i18n": true,
                "hint": "Required with a photo."},
        ]}),
        json!({"name": "content_warning", "label": "Content warning", "widget": "string", "required": false, "i18n": true}),
    ]
}
