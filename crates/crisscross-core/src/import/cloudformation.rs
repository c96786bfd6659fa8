//! SCPs in a CloudFormation template: `AWS::Organizations::Policy` resources.
//!
//! CloudFormation template reference, `AWS::Organizations::Policy`
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-organizations-policy.html>):
//! `Content` "as a JSON object or a JSON string", `Name`, `TargetIds` (roots, OUs and accounts; without
//! it "the policy is created but not attached"), `Type`. Intrinsic functions inside them are resolved
//! from the template's parameters (`Ref` to a parameter, `Fn::Sub`, `Fn::Join`); a `CommaDelimitedList`
//! parameter is a list. A YAML template is read by the CLI into this JSON form first (short forms such
//! as `!Ref` become `{"Ref": ...}`, as the AWS CLI's own YAML reader does).

use std::collections::BTreeMap;

use super::aws::{Reader, as_str};
use super::change::{ChangeSet, PolicyState};
use crate::diagnostic::{Code, Diagnostic};
use crate::syntax::json::{Node, Value};

const HELP: &str = "give a CloudFormation template (JSON or YAML) with `Resources` of type AWS::Organizations::Policy";

/// True when `text` looks like a CloudFormation template.
#[must_use]
pub fn is_template_text(text: &str) -> bool {
    let (Some(root), _) = crate::syntax::json::parse(text) else {
        return false;
    };
    root.get("Resources").is_some()
        && (root.get("AWSTemplateFormatVersion").is_some() || text.contains("AWS::Organizations::Policy"))
}

/// The SCPs of a template (JSON text), with parameter values given by the user over the defaults.
///
/// # Errors
/// Located `change-import` diagnostics, with JSON paths such as
/// `Resources.RegionDenyScp.Properties.TargetIds[0]` for a value that cannot be resolved.
pub fn read_template(text: &str, parameters: &BTreeMap<String, String>) -> Result<Vec<PolicyState>, Vec<Diagnostic>> {
    let (reader, root) = Reader::parse(text, Code::ChangeImport)?;
    read(&reader, &root, parameters).map_err(|d| vec![d])
}

/// The change from one template to another.
///
/// # Errors
/// The diagnostics of whichever template cannot be read.
pub fn change_between(before: Option<&[PolicyState]>, after: &[PolicyState]) -> ChangeSet {
    ChangeSet {
        source: "CloudFormation template".to_owned(),
        before: before.map(<[PolicyState]>::to_vec).unwrap_or_default(),
        after: after.to_vec(),
        notes: Vec::new(),
    }
}

fn read(reader: &Reader<'_>, root: &Node, given: &BTreeMap<String, String>) -> Result<Vec<PolicyState>, Diagnostic> {
    let mut parameters: BTreeMap<String, serde_json::Value> = BTreeMap::new();
    if let Some(params) = root.get("Parameters").and_then(|m| m.value.as_object()) {
        for p in params {
            let list = p
                .value
                .get("Type")
                .and_then(|m| as_str(&m.value))
                .is_some_and(|t| t == "CommaDelimitedList" || t.starts_with("List<"));
            let value = given
                .get(&*p.key)
                .cloned()
                .or_else(|| p.value.get("Default").and_then(|m| as_str(&m.value)).map(str::to_owned));
            if let Some(value) = value {
                let value = if list {
                    serde_json::Value::Array(
                        value
                            .split(',')
                            .map(|s| serde_json::Value::String(s.trim().to_owned()))
                            .collect(),
                    )
                } else {
                    serde_json::Value::String(value)
                };
                parameters.insert(p.key.to_string(), value);
            }
        }
    }
    let resources = reader
        .object(&reader.member(root, "Resources", "", HELP)?.clone(), "Resources", HELP)?
        .to_vec();
    let mut out = Vec::new();
    for r in &resources {
        if r.value.get("Type").and_then(|m| as_str(&m.value)) != Some("AWS::Organizations::Policy") {
            continue;
        }
        let path = format!("Resources.{}", r.key);
        let properties = reader.member(&r.value, "Properties", &path, HELP)?;
        let props_path = format!("{path}.Properties");
        let policy_type = properties
            .get("Type")
            .and_then(|m| as_str(&m.value))
            .unwrap_or_default();
        if policy_type != "SERVICE_CONTROL_POLICY" {
            continue;
        }
        let resolver = Resolver {
            reader,
            parameters: &parameters,
        };
        let name = match properties.get("Name") {
            Some(m) => match resolver.value(&m.value, &format!("{props_path}.Name"))? {
                serde_json::Value::String(s) => s,
                _ => {
                    return Err(reader.error(
                        "`Name` should be a string",
                        HELP,
                        &format!("{props_path}.Name"),
                        m.value.span,
                    ));
                }
            },
            None => r.key.to_string(),
        };
        let content_node = reader.member(properties, "Content", &props_path, HELP)?;
        let content = match resolver.value(content_node, &format!("{props_path}.Content"))? {
            serde_json::Value::String(text) => text,
            value @ serde_json::Value::Object(_) => serde_json::to_string_pretty(&value).unwrap_or_default(),
            _ => {
                return Err(reader.error(
                    "`Content` should be the policy as a JSON object or a JSON string",
                    HELP,
                    &format!("{props_path}.Content"),
                    content_node.span,
                ));
            }
        };
        let targets = match properties.get("TargetIds") {
            Some(m) => match resolver.value(&m.value, &format!("{props_path}.TargetIds"))? {
                serde_json::Value::Array(items) => items
                    .into_iter()
                    .flat_map(|v| match v {
                        serde_json::Value::Array(inner) => inner,
                        other => vec![other],
                    })
                    // An account ID written as a bare number in YAML is still the account.
                    .filter_map(|v| {
                        v.as_str()
                            .map(str::to_owned)
                            .or_else(|| v.as_u64().map(|n| n.to_string()))
                    })
                    .collect(),
                _ => {
                    return Err(reader.error(
                        "`TargetIds` should be a list of IDs",
                        HELP,
                        &format!("{props_path}.TargetIds"),
                        m.value.span,
                    ));
                }
            },
            None => Vec::new(),
        };
        out.push(PolicyState {
            address: path,
            name,
            id: None,
            arn: None,
            content,
            targets: Some(targets),
        });
    }
    Ok(out)
}

struct Resolver<'r, 't> {
    reader: &'r Reader<'t>,
    parameters: &'r BTreeMap<String, serde_json::Value>,
}

impl Resolver<'_, '_> {
    /// The value of a node with intrinsic functions resolved.
    fn value(&self, node: &Node, path: &str) -> Result<serde_json::Value, Diagnostic> {
        use serde_json::Value as J;
        Ok(match &node.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => serde_json::from_str(n).unwrap_or(J::Null),
            Value::String(s) => J::String(s.to_string()),
            Value::Array(items) => J::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, n)| self.value(n, &format!("{path}[{i}]")))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            Value::Object(members) => {
                if let [only] = members.as_slice()
                    && (only.key == "Ref" || only.key.starts_with("Fn::"))
                {
                    return self.intrinsic(&only.key, &only.value, path);
                }
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.to_string(), self.value(&m.value, &format!("{path}.{}", m.key))?);
                }
                J::Object(map)
            }
        })
    }

    fn unresolved(&self, what: &str, path: &str, node: &Node) -> Diagnostic {
        self.reader.error(
            format!("{what} cannot be resolved before deployment"),
            "crisscross resolves `Ref` to a parameter (its Default, or `--parameter NAME=VALUE`), `Fn::Sub` and `Fn::Join`; give the value literally or as a parameter",
            path,
            node.span,
        )
    }

    fn intrinsic(&self, function: &str, argument: &Node, path: &str) -> Result<serde_json::Value, Diagnostic> {
        let path = format!("{path}.{function}");
        match function {
            "Ref" => {
                let name = as_str(argument).ok_or_else(|| self.unresolved("this `Ref`", &path, argument))?;
                self.parameters.get(name).cloned().ok_or_else(|| {
                    self.unresolved(
                        &format!("`Ref: {name}` (not a parameter with a value)"),
                        &path,
                        argument,
                    )
                })
            }
            "Fn::Sub" => {
                let (template, vars) = match &argument.value {
                    Value::String(s) => (s.clone(), BTreeMap::new()),
                    Value::Array(items) => match items.as_slice() {
                        [
                            Node {
                                value: Value::String(s),
                                ..
                            },
                            vars,
                        ] => {
                            let mut own = BTreeMap::new();
                            if let serde_json::Value::Object(map) = self.value(vars, &format!("{path}[1]"))? {
                                for (k, v) in map {
                                    own.insert(k, v);
                                }
                            }
                            (s.clone(), own)
                        }
                        _ => return Err(self.unresolved("this `Fn::Sub`", &path, argument)),
                    },
                    _ => return Err(self.unresolved("this `Fn::Sub`", &path, argument)),
                };
                let mut out = String::new();
                let mut rest = &*template;
                while let Some(open) = rest.find("${") {
                    out.push_str(rest.get(..open).unwrap_or_default());
                    let after = rest.get(open + 2..).unwrap_or_default();
                    let close = after
                        .find('}')
                        .ok_or_else(|| self.unresolved("this `Fn::Sub`", &path, argument))?;
                    let name = after.get(..close).unwrap_or_default();
                    if let Some(literal) = name.strip_prefix('!') {
                        out.push_str("${");
                        out.push_str(literal);
                        out.push('}');
                    } else {
                        let value = vars.get(name).or_else(|| self.parameters.get(name));
                        match value {
                            Some(serde_json::Value::String(s)) => out.push_str(s),
                            _ => return Err(self.unresolved(&format!("`${{{name}}}` in `Fn::Sub`"), &path, argument)),
                        }
                    }
                    rest = after.get(close + 1..).unwrap_or_default();
                }
                out.push_str(rest);
                Ok(serde_json::Value::String(out))
            }
            "Fn::Join" => match &argument.value {
                Value::Array(items) => match items.as_slice() {
                    [
                        Node {
                            value: Value::String(delimiter),
                            ..
                        },
                        list,
                    ] => {
                        let values = self.value(list, &format!("{path}[1]"))?;
                        let parts: Vec<String> = values
                            .as_array()
                            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                            .unwrap_or_default();
                        Ok(serde_json::Value::String(parts.join(delimiter)))
                    }
                    _ => Err(self.unresolved("this `Fn::Join`", &path, argument)),
                },
                _ => Err(self.unresolved("this `Fn::Join`", &path, argument)),
            },
            other => Err(self.unresolved(&format!("`{other}`"), &path, argument)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> String {
        std::fs::read_to_string(format!(
            "{}/tests/data/aws-cli/cloudformation-organizations-policy.json",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    #[test]
    fn object_and_string_content_and_targets_from_parameters() {
        let policies = read_template(&template(), &BTreeMap::new()).unwrap();
        assert_eq!(policies.len(), 2);
        assert_eq!(policies[0].name, "RegionDeny");
        assert_eq!(
            policies[0].targets.as_deref(),
            Some(&["ou-examplerootid111-exampleouid111".to_owned()][..])
        );
        assert!(policies[0].content.contains("\"DenyBedrockOutsideUsCris\""));
        // A JSON-string Content is kept as written.
        assert!(
            policies[1]
                .content
                .starts_with("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyGlobalCris\"")
        );
        let mut given = BTreeMap::new();
        given.insert(
            "WorkloadsOuId".to_owned(),
            "ou-examplerootid111-exampleouid222".to_owned(),
        );
        let moved = read_template(&template(), &given).unwrap();
        assert_eq!(
            moved[0].targets.as_deref(),
            Some(&["ou-examplerootid111-exampleouid222".to_owned()][..])
        );
    }

    #[test]
    fn an_unresolvable_function_is_located() {
        let text = template().replace(
            "[ { \"Ref\": \"WorkloadsOuId\" } ]",
            "[ { \"Fn::ImportValue\": \"WorkloadsOu\" } ]",
        );
        let d = read_template(&text, &BTreeMap::new()).unwrap_err();
        assert_eq!(d[0].code, "change-import");
        assert_eq!(
            d[0].path.as_deref(),
            Some("Resources.RegionDenyScp.Properties.TargetIds[0].Fn::ImportValue")
        );
        let line = text.lines().position(|l| l.contains("Fn::ImportValue")).unwrap() + 1;
        assert_eq!(d[0].line, Some(u32::try_from(line).unwrap()));
    }
}
