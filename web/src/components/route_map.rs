//! The route map: the source Region and an arc to every destination Region, coloured by the verdict of
//! the check made there (and dashed or dotted, so colour is not the only signal). The global model check,
//! which has no Region, is drawn as a frame around the map. Drawn from the catalog's coordinates: no
//! tiles, no network.

use std::collections::BTreeMap;
use std::rc::Rc;

use crisscross_core::evaluate::Decision;
use crisscross_core::report::HopReport;
use crisscross_core::route::catalog::Catalog;
use crisscross_core::route::hop::{HopKind, RouteInfo};
use yew::prelude::*;

use super::{decision_look, send};
use crate::geo::{Viewport, arc, land_path, project, self_loop};
use crate::hooks::{use_dispatch, use_drawn_size};
use crate::state::Action;

/// Props of [`RouteMap`].
#[derive(Properties)]
pub struct RouteMapProps {
    /// The hops.
    pub hops: Rc<Vec<HopReport>>,
    /// The route.
    pub route: Option<RouteInfo>,
    /// The selected hop.
    pub current: Option<usize>,
}

/// The map draws each hop's kind, Region and decision only: a keystroke that changes anything else
/// of a hop (a deciding statement's Sid or place) does not draw it again.
impl PartialEq for RouteMapProps {
    fn eq(&self, other: &Self) -> bool {
        fn drawn(h: &HopReport) -> (HopKind, &str, Decision) {
            (h.kind, &h.region, h.decision)
        }
        self.current == other.current
            && self.route == other.route
            && self.hops.iter().map(drawn).eq(other.hops.iter().map(drawn))
    }
}

fn severity(d: Decision) -> u8 {
    match d {
        Decision::Allow => 0,
        Decision::ImplicitDeny => 1,
        Decision::ExplicitDeny => 2,
    }
}

/// The worst decision of the checks made in each Region, and the hop to select for it.
fn by_region(hops: &[HopReport]) -> BTreeMap<String, (Decision, usize)> {
    let mut out: BTreeMap<String, (Decision, usize)> = BTreeMap::new();
    for (index, h) in hops.iter().enumerate().filter(|(_, h)| h.kind != HopKind::GlobalModel) {
        out.entry(h.region.clone())
            .and_modify(|(d, i)| {
                if severity(h.decision) > severity(*d) {
                    *d = h.decision;
                    *i = index;
                }
            })
            .or_insert((h.decision, index));
    }
    out
}

/// Size of the map's labels on screen, in CSS pixels: readable on a phone and from the back of a room.
const LABEL_PX: f64 = 13.0;

/// Width of a label of `chars` characters in a bold sans-serif at `font`, a generous estimate.
fn label_width(chars: usize, font: f64) -> f64 {
    chars as f64 * font * 0.62
}

fn stroke_style(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "",
        Decision::ExplicitDeny => "8 5",
        Decision::ImplicitDeny => "2 4",
    }
}

/// The map.
#[component]
pub fn RouteMap(props: &RouteMapProps) -> Html {
    let dispatch = use_dispatch();
    let land = use_memo((), |()| land_path());
    let svg = use_node_ref();
    let drawn = use_drawn_size(&svg, (props.hops.is_empty(), props.route.clone()));
    let catalog = Catalog::builtin();
    let coords = |code: &str| {
        catalog
            .region(code)
            .map(|r| project(f64::from(r.lon), f64::from(r.lat)))
    };
    let regions = by_region(&props.hops);
    let global = props
        .hops
        .iter()
        .enumerate()
        .find(|(_, h)| h.kind == HopKind::GlobalModel);
    let source = props
        .route
        .as_ref()
        .map(|r| r.source_region.clone())
        .or_else(|| props.hops.first().map(|h| h.region.clone()));
    let source_xy = source.as_deref().and_then(coords);

    // The Regions that matter: source, destinations with a check, or every Region of a global route.
    let mut focus_points: Vec<(f64, f64)> = regions.keys().filter_map(|c| coords(c)).collect();
    if let Some(xy) = source_xy {
        focus_points.push(xy);
    }
    let view = if global.is_some() {
        Viewport::world()
    } else {
        Viewport::fit(&focus_points)
    };
    let unit = view.w / 100.0;
    // Labels keep their size on screen whatever the map's scale (measured after the first render).
    let font = match drawn {
        Some((w, h)) => LABEL_PX / (w / view.w).min(h / view.h),
        None => (view.w / 58.0).max(4.0),
    };

    let select = |index: usize| send(&dispatch, move |_: MouseEvent| Action::SelectHop(index));
    let select_key = |index: usize| {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                e.prevent_default();
                dispatch.dispatch(Action::SelectHop(index));
            }
        })
    };

    // Parallels and meridians every 30 degrees.
    let mut grid = String::new();
    for lat in [60.0, 30.0, 0.0, -30.0] {
        let (x0, y) = project(-180.0, lat);
        let (x1, _) = project(180.0, lat);
        grid.push_str(&format!("M{x0:.1},{y:.1}H{x1:.1}"));
    }
    for lon in (-150..=150).step_by(30) {
        let (x, y0) = project(f64::from(lon), 80.0);
        let (_, y1) = project(f64::from(lon), -60.0);
        grid.push_str(&format!("M{x:.1},{y0:.1}V{y1:.1}"));
    }

    let partition = source.as_deref().map_or("aws", |s| catalog.partition(s)).to_owned();
    let background = catalog
        .regions
        .iter()
        .filter(|r| r.partition == partition && !regions.contains_key(&r.code))
        .map(|r| {
            let (x, y) = project(f64::from(r.lon), f64::from(r.lat));
            html! { <circle class="map-region" cx={format!("{x:.1}")} cy={format!("{y:.1}")} r={format!("{:.2}", unit * 0.45)}><title>{format!("{} \u{00B7} {}", r.code, r.name)}</title></circle> }
        });

    // Global routes: faint arcs to every commercial Region the call may reach.
    let global_arcs = match (global, &props.route, source_xy) {
        (Some(_), Some(route), Some(from)) => route
            .destinations
            .iter()
            .filter_map(|d| coords(d))
            .filter(|to| *to != from)
            .map(|to| html! { <path class="map-reach" d={arc(from, to)} /> })
            .collect::<Html>(),
        _ => Html::default(),
    };

    let arcs = regions.iter().filter_map(|(code, (decision, index))| {
        let to = coords(code)?;
        let from = source_xy?;
        let (_, _, class) = decision_look(Some(*decision));
        let d = if to == from {
            self_loop(from, unit * 3.0)
        } else {
            arc(from, to)
        };
        let selected = props.current == Some(*index);
        Some(html! {
            <path class={classes!("map-arc", class, selected.then_some("selected"))} d={d}
                stroke-dasharray={stroke_style(*decision)} />
        })
    });

    // Labels, nudged apart when they would overlap: each placed label's left, right and baseline.
    let mut placed: Vec<(f64, f64, f64)> = Vec::new();
    let mut nodes: Vec<(String, Decision, usize, f64, f64)> = regions
        .iter()
        .filter_map(|(code, (d, i))| coords(code).map(|(x, y)| (code.clone(), *d, *i, x, y)))
        .collect();
    crisscross_core::order::sort_by(&mut nodes, |a, b| a.4.total_cmp(&b.4).then(a.3.total_cmp(&b.3)));
    let nodes = nodes.into_iter().map(|(code, decision, index, x, y)| {
        let (icon, word, class) = decision_look(Some(decision));
        let is_source = source.as_deref() == Some(code.as_str());
        let label = if is_source {
            format!("{icon} {code} (source)")
        } else {
            format!("{icon} {code}")
        };
        // Right of the dot; left of it when that would leave the map; else as far right as fits.
        let width = label_width(label.chars().count(), font);
        let left = if x + unit * 1.2 + width <= view.x + view.w {
            x + unit * 1.2
        } else if x - unit * 1.2 - width >= view.x {
            x - unit * 1.2 - width
        } else {
            (view.x + view.w - width).max(view.x)
        };
        let mut ly = (y - unit * 1.4).max(view.y + font);
        while placed
            .iter()
            .any(|(pl, pr, py)| left < *pr && *pl < left + width && (py - ly).abs() < font * 1.1)
        {
            ly += font * 1.2;
        }
        placed.push((left, left + width, ly));
        let name = catalog.region(&code).map(|r| r.name.clone()).unwrap_or_default();
        let selected = props.current == Some(index);
        html! {
            <g class={classes!("map-node", class, selected.then_some("selected"))} tabindex="0" role="button"
                aria-label={format!("{code}, {name}: {word}{}. Select to explain.", if is_source { ", source Region" } else { "" })}
                onclick={select(index)} onkeydown={select_key(index)} data-region={code.clone()}>
                if is_source {
                    <circle class="map-source-ring" cx={format!("{x:.1}")} cy={format!("{y:.1}")} r={format!("{:.2}", unit * 1.6)} />
                }
                <circle class="map-dot" cx={format!("{x:.1}")} cy={format!("{y:.1}")} r={format!("{:.2}", unit * 0.9)} />
                <text class="map-label" x={format!("{left:.1}")} y={format!("{ly:.1}")} font-size={format!("{font:.1}")}>{label}</text>
            </g>
        }
    });

    let frame = global.map(|(index, g)| {
        let (icon, word, class) = decision_look(Some(g.decision));
        let selected = props.current == Some(index);
        let head = "\u{25CC} global model check, Region \u{201C}unspecified\u{201D}:";
        let tail = format!("{icon} {word}");
        // On a narrow map the label takes two lines rather than running off the frame.
        let one_line = label_width(head.chars().count() + tail.chars().count() + 1, font) <= view.w - unit * 6.0;
        let (x, bottom) = (view.x + unit * 3.0, view.y + view.h - unit * 3.0);
        let text = if one_line {
            html! { <tspan x={format!("{x:.1}")} y={format!("{bottom:.1}")}>{format!("{head} {tail}")}</tspan> }
        } else {
            html! { <>
                <tspan x={format!("{x:.1}")} y={format!("{:.1}", bottom - font * 1.2)}>{head}</tspan>
                <tspan x={format!("{x:.1}")} y={format!("{bottom:.1}")}>{tail}</tspan>
            </> }
        };
        html! {
            <g class={classes!("map-global", class, selected.then_some("selected"))} tabindex="0" role="button"
                aria-label={format!("Global model check, Region unspecified: {word}. Select to explain.")}
                onclick={select(index)} onkeydown={select_key(index)}>
                <rect x={format!("{:.1}", view.x + unit)} y={format!("{:.1}", view.y + unit)}
                    width={format!("{:.1}", view.w - 2.0 * unit)} height={format!("{:.1}", view.h - 2.0 * unit)}
                    rx={format!("{:.1}", unit * 2.0)} stroke-dasharray={stroke_style(g.decision)} />
                <text class="map-label" font-size={format!("{font:.1}")}>{text}</text>
            </g>
        }
    });

    let summary = regions
        .iter()
        .map(|(code, (d, _))| format!("{code}: {}", decision_look(Some(*d)).1))
        .chain(global.map(|(_, g)| format!("global model: {}", decision_look(Some(g.decision)).1)))
        .collect::<Vec<_>>()
        .join("; ");

    html! {
        <section class="panel map-panel" aria-labelledby="map-title">
            <div class="panel-head">
                <h2 id="map-title">{"Where the call goes"}</h2>
                <span class="legend small">
                    <span class="lg ok">{"\u{2014} \u{2713} allow"}</span>
                    <span class="lg deny">{"- - \u{2715} explicit deny"}</span>
                    <span class="lg implicit">{"\u{00B7}\u{00B7}\u{00B7} \u{2298} implicit deny"}</span>
                    <span class="lg">{"\u{25CE} source"}</span>
                </span>
            </div>
            if props.hops.is_empty() {
                <p class="hint">{"Nothing to draw until the input is valid."}</p>
            } else {
                <svg class="map" ref={svg} viewBox={view.view_box()} role="group" aria-labelledby="map-title" aria-describedby="map-desc"
                    preserveAspectRatio="xMidYMid meet">
                    <desc id="map-desc">{summary}</desc>
                    <rect class="map-sea" x={format!("{:.1}", view.x)} y={format!("{:.1}", view.y)} width={format!("{:.1}", view.w)} height={format!("{:.1}", view.h)} />
                    <path class="map-land" d={(*land).clone()} />
                    <path class="map-grid" d={grid} />
                    <g class="map-background">{for background}</g>
                    <g class="map-reaches">{global_arcs}</g>
                    <g class="map-arcs">{for arcs}</g>
                    <g class="map-nodes">{for nodes}</g>
                    <>{frame}</>
                </svg>
            }
        </section>
    }
}
