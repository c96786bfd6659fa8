//! The matrix: which catalog profiles the current policies allow, from which source Regions.

use std::rc::Rc;

use crisscross_core::matrix::Matrix;
use crisscross_core::route::catalog::{Catalog, Geography};
use yew::prelude::*;

use super::{checked, decision_look, select_value, send};
use crate::components::request::model_name;
use crate::hooks::use_dispatch;
use crate::model::same_shared;
use crate::state::Action;

/// Props of [`MatrixPanel`].
#[derive(Properties)]
pub struct MatrixProps {
    /// Whether it is shown.
    pub open: bool,
    /// The matrix: the current revision's, or the last one computed while that is computed.
    pub matrix: Option<Rc<Matrix>>,
    /// True when `matrix` belongs to the current revision.
    pub current: bool,
    /// The current profile.
    pub profile: AttrValue,
    /// The current source Region.
    pub source: AttrValue,
}

impl PartialEq for MatrixProps {
    fn eq(&self, other: &Self) -> bool {
        self.open == other.open
            && self.current == other.current
            && self.profile == other.profile
            && self.source == other.source
            && same_shared(self.matrix.as_ref(), other.matrix.as_ref())
    }
}

/// The matrix panel.
#[component]
pub fn MatrixPanel(props: &MatrixProps) -> Html {
    let dispatch = use_dispatch();
    let catalog = Catalog::builtin();
    let initial = catalog
        .profile(&props.profile)
        .map_or_else(|| "all".to_owned(), |p| p.geography.as_str().to_owned());
    let geography = use_state(|| initial);
    let toggle = send(&dispatch, move |e: Event| Action::ShowMatrix(checked(&e)));
    let head = html! {
        <div class="panel-head">
            <h2 id="matrix-title">{"Matrix: every profile, every source Region"}</h2>
            <label class="check"><input type="checkbox" checked={props.open} onchange={toggle} />{" Show"}</label>
        </div>
    };
    if !props.open {
        return html! {
            <section class="panel matrix" aria-labelledby="matrix-title">
                {head}
                <p class="hint">{"Which models can this principal use, and from where? Evaluates the same policies for every catalog profile and source Region."}</p>
            </section>
        };
    }
    let Some(matrix) = &props.matrix else {
        return html! {
            <section class="panel matrix" aria-labelledby="matrix-title" aria-busy="true">
                {head}
                <p class="hint">{"Evaluating every profile and source Region\u{2026} (Bedrock calls with valid input only)"}</p>
            </section>
        };
    };
    let on_geo = {
        let geography = geography.clone();
        Callback::from(move |e: Event| geography.set(select_value(&e)))
    };
    let rows: Vec<_> = matrix
        .rows
        .iter()
        .filter(|r| *geography == "all" || r.geography.as_str() == geography.as_str())
        .collect();
    // Columns: source Regions in the order of the Region table.
    let columns: Vec<&str> = catalog
        .regions
        .iter()
        .map(|r| r.code.as_str())
        .filter(|code| rows.iter().any(|r| r.cells.iter().any(|c| c.source == *code)))
        .collect();
    let (allowed, total) = matrix.counts();
    let body = rows.iter().map(|row| {
        let cells = columns.iter().map(|code| match row.cells.iter().find(|c| c.source == *code) {
            None => html! { <td class="na" /> },
            Some(cell) => {
                let (icon, word, class) = decision_look(Some(cell.decision));
                let current = row.profile == *props.profile && cell.source == *props.source;
                let title = if cell.denied_regions.is_empty() {
                    format!("{} from {code}: {word}", row.profile)
                } else {
                    format!("{} from {code}: {word} in {}", row.profile, cell.denied_regions.join(", "))
                };
                let pick = {
                    let dispatch = dispatch.clone();
                    let profile = row.profile.clone();
                    let source = cell.source.clone();
                    Callback::from(move |_: MouseEvent| dispatch.dispatch(Action::PickCall(profile.clone(), source.clone())))
                };
                html! {
                    <td class={classes!("cell", class, current.then_some("current"))}>
                        <button type="button" onclick={pick} title={title.clone()} aria-label={title}>{icon}</button>
                    </td>
                }
            }
        });
        html! {
            <tr>
                <th scope="row" title={row.profile.clone()}>
                    <span class="m-model">{model_name(&row.model)}</span>{" "}<span class="m-geo">{row.geography.as_str()}</span>
                </th>
                <>{for cells}</>
            </tr>
        }
    });
    let geo_options = std::iter::once(("all".to_owned(), "all geographies".to_owned())).chain(
        Geography::ALL
            .iter()
            .map(|g| (g.as_str().to_owned(), format!("{}. profiles", g.as_str()))),
    );
    html! {
        <section class="panel matrix" aria-labelledby="matrix-title" aria-busy={(!props.current).then_some("true")}>
            {head}
            <div class="row small">
                if !props.current {
                    <span>{"Found for the text before your last edit \u{00B7} updating\u{2026}"}</span>
                }
                <span>{format!("{allowed} of {total} (profile, source Region) calls allowed for {} \u{00B7} catalog as of {}. Select a cell to load that call.", matrix.api, matrix.catalog_as_of)}</span>
                <span class="spacer" />
                <label>{"Show "}
                    <select onchange={on_geo} aria-label="Geography shown in the matrix">
                        {for geo_options.map(|(v, l)| html! { <option value={v.clone()} selected={*geography == v}>{l}</option> })}
                    </select>
                </label>
            </div>
            <div class="matrix-wrap">
                <table class="matrix-grid">
                    <thead><tr><th scope="col">{"Profile"}</th><>{for columns.iter().map(|c| html! { <th scope="col" class="col-region"><span>{*c}</span></th> })}</></tr></thead>
                    <tbody>{for body}</tbody>
                </table>
            </div>
        </section>
    }
}
