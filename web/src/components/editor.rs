//! A policy editor: a transparent `<textarea>` over a highlighted copy of the same text, with line
//! numbers, diagnostics underlined at the span the core reports, and the deciding statement marked.
//!
//! The copy is built from text nodes only: policy text is never parsed as HTML.

use std::ops::Range;
use std::rc::Rc;

use crisscross_core::diagnostic::{Diagnostic, Severity, Span};
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::highlight::{Mark, line_of, line_range, line_starts, segments, widest_line};
use crate::hooks::{pixels, use_dispatch, use_shown_lines};
use crate::state::{Action, Focus};
use crisscross_core::scenario::PolicyRef;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The policy.
    pub id: PolicyRef,
    /// The accessible name of the text area.
    pub label: AttrValue,
    /// The text.
    pub text: Rc<str>,
    /// Its diagnostics.
    #[prop_or_default]
    pub diagnostics: Option<Rc<Vec<Diagnostic>>>,
    /// Spans of the statements that decided the selected hop.
    #[prop_or_default]
    pub decided: Vec<Span>,
    /// A statement to bring into view (only passed to the editor it belongs to).
    #[prop_or_default]
    pub focus: Option<Focus>,
}

/// Per-line decorations.
#[derive(Clone, Default, PartialEq)]
struct LineInfo {
    marks: Vec<Mark>,
    error: bool,
    warning: bool,
    decided: bool,
    focused: bool,
    messages: Vec<String>,
}

fn mark_span(lines: &mut [LineInfo], starts: &[usize], text_len: usize, span: Span, class: &'static str) {
    let (start, end) = (span.start as usize, (span.end as usize).max(span.start as usize));
    let first = line_of(starts, start.min(text_len));
    let last = line_of(starts, end.min(text_len));
    for line in first..=last {
        let Range {
            start: line_start,
            end: line_end,
        } = line_range(starts, text_len, line);
        let s = start.max(line_start) - line_start;
        let e = end.min(line_end).max(start.max(line_start)) - line_start;
        if let Some(info) = lines.get_mut(line) {
            info.marks.push(Mark {
                start: s,
                end: e,
                class,
            });
        }
    }
}

/// Byte offset to a UTF-16 index, for `setSelectionRange`.
fn utf16_index(text: &str, byte: usize) -> u32 {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    u32::try_from(text[..byte].encode_utf16().count()).unwrap_or(u32::MAX)
}

/// The editor.
#[component]
pub fn Editor(props: &EditorProps) -> Html {
    let dispatch = use_dispatch();
    let scroll_ref = use_node_ref();
    let area_ref = use_node_ref();
    // The same callback on every render, so a keystroke does not swap the form's listener.
    let never_submit = use_callback((), |e: SubmitEvent, ()| e.prevent_default());
    let text: &str = &props.text;
    let starts = line_starts(text);
    let shown = use_shown_lines(&scroll_ref, starts.len());
    let mut lines = vec![LineInfo::default(); starts.len()];

    for d in props.diagnostics.iter().flat_map(|d| d.iter()) {
        let class = if d.severity == Severity::Error {
            "diag-error"
        } else {
            "diag-warning"
        };
        let line = match (d.span, d.line) {
            (Some(span), _) => {
                mark_span(&mut lines, &starts, text.len(), span, class);
                line_of(&starts, (span.start as usize).min(text.len()))
            }
            (None, Some(l)) => (l as usize).saturating_sub(1),
            (None, None) => 0,
        };
        if let Some(info) = lines.get_mut(line) {
            if d.severity == Severity::Error {
                info.error = true;
            } else {
                info.warning = true;
            }
            info.messages.push(format!("{}: {}", d.code, d.message));
        }
    }
    for span in &props.decided {
        let first = line_of(&starts, span.start as usize);
        let last = line_of(&starts, (span.end as usize).saturating_sub(1).max(span.start as usize));
        for info in lines.iter_mut().take(last + 1).skip(first) {
            info.decided = true;
        }
    }
    if let Some(focus) = props.focus.filter(|f| f.policy == props.id) {
        let first = line_of(&starts, focus.span.start as usize);
        let last = line_of(
            &starts,
            (focus.span.end as usize)
                .saturating_sub(1)
                .max(focus.span.start as usize),
        );
        for info in lines.iter_mut().take(last + 1).skip(first) {
            info.focused = true;
        }
    }

    // Bring the focused statement into view when it is asked for again or its first line moves; not when
    // an edit only moves one end of its span (typing inside it), which would scroll the editor away from
    // the caret and force a layout on every keystroke.
    {
        let scroll_ref = scroll_ref.clone();
        let focus = props.focus.filter(|f| f.policy == props.id);
        let line = focus.map(|f| line_of(&starts, f.span.start as usize));
        let asked = focus.map(|f| (f.rev, f.page));
        use_effect_with((asked, line), move |(asked, line)| {
            if let (Some((_, page)), Some(line), Some(scroller)) = (asked, line, scroll_ref.cast::<HtmlElement>()) {
                // The line may not be drawn yet (see `use_shown_lines`): its place comes from the line height.
                if let Some(top) = line_top(&scroller, *line) {
                    scroller.set_scroll_top((top - 40).max(0));
                    if *page && let Ok(Some(card)) = scroller.closest(".policy") {
                        card.scroll_into_view_with_bool(true);
                    }
                }
            }
        });
    }

    let id = props.id;
    let oninput = super::send(&dispatch, move |e: InputEvent| {
        Action::EditPolicy(id, super::input_value(&e))
    });

    let dom = props.id.slug();
    let diag_id = format!("diags-{dom}");
    let has_errors = props
        .diagnostics
        .as_ref()
        .is_some_and(|d| d.iter().any(|d| d.severity == Severity::Error));
    let (widest_number, widest_width) = widest_line(text);
    let cols = widest_width + 2;
    // The widest line keeps the copy as wide as the text area's text when it is not drawn.
    let widest = (!shown.contains(&widest_number))
        .then(|| AttrValue::from(text[line_range(&starts, text.len(), widest_number)].to_owned()));
    let skipped_after = starts.len() - shown.end;

    let gutter: Vec<GutterLine> = lines[shown.clone()]
        .iter()
        .map(|info| GutterLine {
            error: info.error,
            warning: info.warning,
            decided: info.decided,
            focused: info.focused,
            title: (!info.messages.is_empty()).then(|| info.messages.join("\n")),
        })
        .collect();

    let code = lines
        .iter()
        .enumerate()
        .skip(shown.start)
        .take(shown.len())
        .map(|(i, info)| {
            let range = line_range(&starts, text.len(), i);
            let class = match (info.decided, info.focused) {
                (true, true) => "ln-decided ln-focus",
                (true, false) => "ln-decided",
                (false, true) => "ln-focus",
                (false, false) => "",
            };
            html! { <CodeLine key={i} text={Rc::clone(&props.text)} {range} marks={info.marks.clone()} {class} /> }
        });

    let list = props.diagnostics.as_ref().filter(|d| !d.is_empty()).map(|diags| {
        let items = diags.iter().map(|d| {
            let (icon, severity) = if d.severity == Severity::Error {
                ("\u{2716}", "error")
            } else {
                ("\u{25B2}", "warning")
            };
            let place = match (d.line, d.column) {
                (Some(l), Some(c)) => format!("line {l}, column {c}"),
                _ => "whole policy".to_owned(),
            };
            let onclick = {
                let area_ref = area_ref.clone();
                let scroll_ref = scroll_ref.clone();
                let text = Rc::clone(&props.text);
                let span = d.span;
                let line = d.line;
                Callback::from(move |_| {
                    if let Some(area) = area_ref.cast::<HtmlTextAreaElement>() {
                        if let Some(span) = span {
                            let _ = area.set_selection_range(
                                utf16_index(&text, span.start as usize),
                                utf16_index(&text, span.end as usize),
                            );
                        }
                        let _ = area.focus();
                    }
                    if let (Some(scroller), Some(line)) = (scroll_ref.cast::<HtmlElement>(), line) {
                        let top = (i32::try_from(line).unwrap_or(0) - 3).max(0) * 20;
                        scroller.set_scroll_top(top);
                    }
                })
            };
            html! {
                <li class={classes!("diag", severity)}>
                    <button type="button" class="linkish" {onclick} title="Put the cursor there">
                        <span class="diag-icon" aria-hidden="true">{icon}</span>{" "}
                        <span class="diag-place">{format!("{severity} at {place}")}</span>
                    </button>
                    {" "}<span class="diag-msg">{super::ticks(&d.message)}</span>
                    {" "}<code class="diag-code">{&d.code}</code>
                    if let Some(path) = &d.path { {" "}<span class="diag-path">{format!("at {path}")}</span> }
                    if let Some(help) = &d.help { <div class="diag-help">{super::ticks(help)}</div> }
                </li>
            }
        });
        html! { <ul class="diag-list" id={diag_id.clone()}>{for items}</ul> }
    });

    html! {
        <div class="editor">
            <div class="editor-scroll" ref={scroll_ref}>
                <Gutter lines={gutter} first={shown.start} count={starts.len()} />
                // A form of its own: on every keystroke Chromium's autofill reads the fields of the
                // edited field's form, and a field outside any form shares one with every other
                // control of the page. It holds no button, so it is never submitted.
                <form class="code" onsubmit={never_submit}>
                    <pre class="hl" aria-hidden="true">
                        <Skipped lines={shown.start}>{widest.clone().filter(|_| skipped_after == 0)}</Skipped>
                        {for code}
                        <Skipped lines={skipped_after}>{widest.filter(|_| skipped_after > 0)}</Skipped>
                    </pre>
                    <textarea
                        ref={area_ref}
                        id={format!("editor-{dom}")}
                        class="code-input"
                        spellcheck="false"
                        autocomplete="off"
                        autocapitalize="off"
                        wrap="off"
                        cols={cols.to_string()}
                        aria-label={props.label.clone()}
                        aria-invalid={has_errors.to_string()}
                        aria-describedby={list.is_some().then(|| AttrValue::from(diag_id.clone()))}
                        value={AttrValue::Rc(Rc::clone(&props.text))}
                        {oninput}
                    />
                </form>
            </div>
            <>{list}</>
        </div>
    }
}

/// One line number and its marker.
#[derive(Clone, PartialEq)]
struct GutterLine {
    error: bool,
    warning: bool,
    decided: bool,
    focused: bool,
    /// The line's diagnostics, one per line of the tooltip.
    title: Option<String>,
}

#[derive(Properties, PartialEq)]
struct GutterProps {
    /// The drawn lines.
    lines: Vec<GutterLine>,
    /// The 0-based number of the first drawn line.
    first: usize,
    /// How many lines the text has.
    count: usize,
}

/// The line numbers of the drawn lines; re-rendered only when a line is added or removed, a marker
/// changes or other lines are drawn, not on every keystroke.
#[component]
fn Gutter(props: &GutterProps) -> Html {
    let after = props.count.saturating_sub(props.first + props.lines.len());
    // The last line's number keeps the gutter as wide as when every line is drawn.
    let widest = html! { <><span class="gm"></span>{props.count}</> };
    let lines = props.lines.iter().enumerate().map(|(i, line)| {
        let i = props.first + i;
        let marker = if line.error {
            "\u{2716}"
        } else if line.warning {
            "\u{25B2}"
        } else if line.decided || line.focused {
            "\u{25B6}"
        } else {
            ""
        };
        let class = classes!(
            "gl",
            line.error.then_some("gl-error"),
            (line.warning && !line.error).then_some("gl-warning"),
            line.decided.then_some("gl-decided"),
        );
        let title = line.title.clone();
        html! { <div {class} {title}><span class="gm">{marker}</span>{i + 1}</div> }
    });
    html! {
        <div class="gutter" aria-hidden="true">
            <Skipped lines={props.first} />
            {for lines}
            <Skipped lines={after}>{widest}</Skipped>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct SkippedProps {
    /// How many lines are not drawn here.
    lines: usize,
    /// What sets the width of the column when its widest line is not drawn (invisible).
    #[prop_or_default]
    children: Html,
}

/// Empty lines standing for lines that are not drawn, so the column keeps its height and width: a
/// newline per line, in the column's own line height, with no inline style (the page's
/// Content-Security-Policy allows none).
#[component]
fn Skipped(props: &SkippedProps) -> Html {
    if props.lines == 0 {
        return Html::default();
    }
    let newlines = "\n".repeat(props.lines);
    html! { <div class="skipped">{props.children.clone()}{newlines}</div> }
}

/// The offset in CSS pixels of 0-based `line` from the top of the editor's scroll area `scroller`.
fn line_top(scroller: &HtmlElement, line: usize) -> Option<i32> {
    let copy = scroller.query_selector(".hl").ok()??.dyn_into::<HtmlElement>().ok()?;
    let height = pixels(&copy, "line-height")?;
    let padding = pixels(&copy, "padding-top")?;
    // Pixel offsets of at most a few thousand lines: no truncation to worry about.
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_precision_loss,
        reason = "pixel offsets"
    )]
    let top = (f64::from(copy.offset_top()) + padding + height * line as f64).round() as i32;
    Some(top)
}

#[derive(Properties)]
struct CodeLineProps {
    /// The whole policy text, shared by every line.
    text: Rc<str>,
    /// This line's bytes in it.
    range: std::ops::Range<usize>,
    marks: Vec<Mark>,
    class: &'static str,
}

/// Lines compare by what they show, wherever they are in the text.
impl PartialEq for CodeLineProps {
    fn eq(&self, other: &Self) -> bool {
        self.text.get(self.range.clone()) == other.text.get(other.range.clone())
            && self.marks == other.marks
            && self.class == other.class
    }
}

/// One highlighted line; re-rendered only when its text or marks change.
#[component]
fn CodeLine(props: &CodeLineProps) -> Html {
    let text = props.text.get(props.range.clone()).unwrap_or_default();
    let segs = segments(text, &props.marks).into_iter().map(|s| {
        let part = text[s.range.clone()].to_owned();
        if s.class.is_empty() {
            html! { {part} }
        } else {
            html! { <span class={s.class}>{part}</span> }
        }
    });
    let class = (!props.class.is_empty()).then_some(props.class);
    html! { <div {class}>{for segs}</div> }
}
