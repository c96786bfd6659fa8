#![cfg(not(target_arch = "wasm32"))]
//! Each cell of the matrix says what the evaluator says of that call on its own: planning the
//! (profile, source Region) call and deciding every check with the full evaluation gives the same
//! decision, blocking layer and denied Regions. The matrix decides a check shared by several calls only
//! once, so scenarios whose statements read `bedrock:InferenceProfileArn` (which names the source) or
//! use policy variables are part of what this covers.

use std::path::Path;

use crisscross_core::analysis::{Prepared, call_decision, prepare};
use crisscross_core::evaluate::evaluate;
use crisscross_core::matrix::{Matrix, matrix};
use crisscross_core::route::catalog::Catalog;
use crisscross_core::route::hop::plan;
use crisscross_core::scenario::{RequestInput, Scenario};

#[test]
fn every_sampled_cell_agrees_with_deciding_its_call_alone() {
    let catalog = Catalog::builtin();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/cris");
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let (mut cells, mut reading_the_profile_arn) = (0, 0);
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = Scenario::from_json(&text).unwrap();
        let Ok(prepared) = prepare(&scenario, catalog) else {
            continue;
        };
        if text.contains("InferenceProfileArn") {
            reading_the_profile_arn += 1;
        }
        let api = scenario.request.api.clone().unwrap_or_else(|| "InvokeModel".to_owned());
        let grid = matrix(&prepared, &api, catalog);
        cells += cells_agree(&name, &grid, &prepared, 5);
    }
    assert!(cells > 1000, "only {cells} cells compared");
    assert!(
        reading_the_profile_arn >= 3,
        "only {reading_the_profile_arn} scenarios read the profile ARN"
    );
}

/// A resource pattern with a policy variable reads the request's context, which the matrix does not
/// build for every check it decides: it must not decide the checks of several profiles in one Region as
/// one. Here the principal's tag names the one profile allowed.
#[test]
fn a_resource_named_through_a_policy_variable_still_sets_profiles_apart() {
    let text = r#"{
      "version": 1,
      "principal": "arn:aws:iam::111122223333:role/App",
      "identityPolicies": [{"name": "TaggedProfile", "document": {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Action": "bedrock:InvokeModel",
        "Resource": [
          "arn:aws:bedrock:*:111122223333:inference-profile/${aws:PrincipalTag/profile}",
          "arn:aws:bedrock:*::foundation-model/*"
        ]
      }]}}],
      "context": {"aws:PrincipalTag/profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0"},
      "request": {"profile": "us.anthropic.claude-sonnet-4-5-20250929-v1:0", "sourceRegion": "us-east-1"}
    }"#;
    let scenario = Scenario::from_json(text).unwrap();
    let prepared = prepare(&scenario, Catalog::builtin()).unwrap();
    let grid = matrix(&prepared, "InvokeModel", Catalog::builtin());
    for row in &grid.rows {
        let tagged = row.profile == "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
        for cell in &row.cells {
            assert_eq!(cell.decision.is_allow(), tagged, "{} from {}", row.profile, cell.source);
        }
    }
    cells_agree("tagged profile", &grid, &prepared, 1);
}

/// Compares every `every`-th cell of each row of `grid`, the matrix of `prepared` (a different one on
/// each row, so that each source Region is sampled), with its call planned and decided alone; how many
/// it compared.
fn cells_agree(name: &str, grid: &Matrix, prepared: &Prepared, every: usize) -> usize {
    let catalog = Catalog::builtin();
    let api = &grid.api;
    let mut cells = 0;
    for (r, row) in grid.rows.iter().enumerate() {
        for cell in row.cells.iter().skip(r % every).step_by(every) {
            let request = RequestInput {
                profile: Some(row.profile.clone()),
                source_region: Some(cell.source.clone()),
                api: Some(api.clone()),
                ..RequestInput::default()
            };
            let hops = plan(&request, &prepared.principal, &prepared.context, &[], catalog)
                .unwrap()
                .hops;
            let decided: Vec<_> = hops
                .iter()
                .map(|h| evaluate(&prepared.policies, &h.request()))
                .collect();
            let expected = call_decision(decided.iter().map(|e| (e.decision, e.blocked_by)));
            let at = format!("{name}: {} from {}", row.profile, cell.source);
            assert_eq!((cell.decision, cell.blocked_by), expected, "{at}");
            let mut denied: Vec<&str> = Vec::new();
            for (hop, e) in hops.iter().zip(&decided) {
                if !e.decision.is_allow() && !denied.contains(&hop.region.as_str()) {
                    denied.push(&hop.region);
                }
            }
            assert_eq!(cell.denied_regions, denied, "{at}");
            cells += 1;
        }
    }
    cells
}
