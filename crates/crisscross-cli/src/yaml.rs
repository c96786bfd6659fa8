//! CloudFormation templates written in YAML, read into the JSON form the core reads. The short forms of
//! intrinsic functions become their long forms as the AWS CLI's own reader does (`!Ref X` is
//! `{"Ref": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`, any other `!Name v` is
//! `{"Fn::Name": v}`), and every value keeps its line and column, so a problem the core finds at a JSON
//! path is reported in the YAML file.

use std::collections::HashMap;

use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A template read from YAML: its JSON text and where each JSON path starts in the YAML.
#[derive(Debug)]
pub(crate) struct Converted {
    pub(crate) json: String,
    positions: HashMap<String, (u32, u32)>,
}

impl Converted {
    /// The YAML line and column of a JSON path, or of the nearest enclosing value.
    pub(crate) fn position(&self, path: &str) -> Option<(u32, u32)> {
        let mut path = path.to_owned();
        loop {
            if let Some(p) = self.positions.get(&path) {
                return Some(*p);
            }
            let cut = path.rfind(['.', '['])?;
            path.truncate(cut);
        }
    }
}

enum Frame {
    Map {
        map: Map<String, Value>,
        key: Option<String>,
        path: String,
        tag: Option<Tag>,
    },
    Seq {
        items: Vec<Value>,
        path: String,
        tag: Option<Tag>,
    },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    done: Option<Value>,
    positions: HashMap<String, (u32, u32)>,
    error: Option<(String, Marker)>,
}

/// The path of the next value in the innermost frame.
fn child_path(stack: &[Frame]) -> String {
    match stack.last() {
        Some(Frame::Map { key: Some(k), path, .. }) if path.is_empty() => k.clone(),
        Some(Frame::Map { key: Some(k), path, .. }) => format!("{path}.{k}"),
        Some(Frame::Map { path, .. }) => path.clone(),
        Some(Frame::Seq { items, path, .. }) => format!("{path}[{}]", items.len()),
        None => String::new(),
    }
}

/// A value under a CloudFormation short-form tag, in its long form.
fn tagged(tag: Option<&Tag>, value: Value) -> Value {
    let Some(tag) = tag.filter(|t| t.handle == "!") else {
        return value;
    };
    let name = tag.suffix.as_str();
    let (key, value) = match name {
        "Ref" | "Condition" => (name.to_owned(), value),
        "GetAtt" => match value {
            Value::String(s) => {
                let parts: Vec<Value> = match s.split_once('.') {
                    Some((a, b)) => vec![Value::String(a.to_owned()), Value::String(b.to_owned())],
                    None => vec![Value::String(s)],
                };
                ("Fn::GetAtt".to_owned(), Value::Array(parts))
            }
            other => ("Fn::GetAtt".to_owned(), other),
        },
        other => (format!("Fn::{other}"), value),
    };
    let mut map = Map::new();
    map.insert(key, value);
    Value::Object(map)
}

/// A plain scalar's JSON value: Booleans, null and integers as YAML 1.2's core schema reads them.
fn scalar(text: String, style: TScalarStyle) -> Value {
    if style != TScalarStyle::Plain {
        return Value::String(text);
    }
    match text.as_str() {
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        _ => match text.parse::<i64>() {
            Ok(n) if !text.starts_with('0') || text == "0" => Value::Number(n.into()),
            _ => Value::String(text),
        },
    }
}

impl Builder {
    fn put(&mut self, value: Value, mark: Option<Marker>) {
        let path = child_path(&self.stack);
        if let Some(mark) = mark {
            let position = (
                u32::try_from(mark.line()).unwrap_or(u32::MAX),
                u32::try_from(mark.col() + 1).unwrap_or(u32::MAX),
            );
            self.positions.entry(path).or_insert(position);
        }
        match self.stack.last_mut() {
            Some(Frame::Map { map, key, .. }) => match key.take() {
                Some(k) => {
                    map.insert(k, value);
                }
                None => {
                    let k = match value {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    *key = Some(k);
                }
            },
            Some(Frame::Seq { items, .. }) => items.push(value),
            None => self.done = Some(value),
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, _, tag) => {
                let is_key = matches!(self.stack.last(), Some(Frame::Map { key: None, .. }));
                let value = tagged(tag.as_ref(), scalar(text, style));
                if is_key {
                    // A value is reported where its key is written.
                    self.put(value, None);
                    let path = child_path(&self.stack);
                    self.positions.entry(path).or_insert((
                        u32::try_from(mark.line()).unwrap_or(u32::MAX),
                        u32::try_from(mark.col() + 1).unwrap_or(u32::MAX),
                    ));
                } else {
                    self.put(value, Some(mark));
                }
            }
            Event::MappingStart(_, tag) => {
                let path = child_path(&self.stack);
                self.positions.entry(path.clone()).or_insert((
                    u32::try_from(mark.line()).unwrap_or(u32::MAX),
                    u32::try_from(mark.col() + 1).unwrap_or(u32::MAX),
                ));
                self.stack.push(Frame::Map {
                    map: Map::new(),
                    key: None,
                    path,
                    tag,
                });
            }
            Event::SequenceStart(_, tag) => {
                let path = child_path(&self.stack);
                self.positions.entry(path.clone()).or_insert((
                    u32::try_from(mark.line()).unwrap_or(u32::MAX),
                    u32::try_from(mark.col() + 1).unwrap_or(u32::MAX),
                ));
                self.stack.push(Frame::Seq {
                    items: Vec::new(),
                    path,
                    tag,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let (value, tag) = match self.stack.pop() {
                    Some(Frame::Map { map, tag, .. }) => (Value::Object(map), tag),
                    Some(Frame::Seq { items, tag, .. }) => (Value::Array(items), tag),
                    None => return,
                };
                self.put(tagged(tag.as_ref(), value), None);
            }
            Event::Alias(_) => {
                self.error = Some((
                    "YAML aliases (`*name`) are not read; write the value out".to_owned(),
                    mark,
                ));
            }
            _ => {}
        }
    }
}

/// Reads a YAML template. The error names the line and column in the YAML.
pub(crate) fn convert(text: &str) -> Result<Converted, String> {
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, false) {
        let m = e.marker();
        return Err(format!(
            "line {}, column {}: error[change-import]: the YAML cannot be read: {}",
            m.line(),
            m.col() + 1,
            e.info()
        ));
    }
    if let Some((message, m)) = builder.error {
        return Err(format!(
            "line {}, column {}: error[change-import]: {message}",
            m.line(),
            m.col() + 1
        ));
    }
    let value = builder.done.unwrap_or(Value::Null);
    Ok(Converted {
        json: serde_json::to_string_pretty(&value).unwrap_or_default(),
        positions: builder.positions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_become_long_forms_and_paths_keep_their_yaml_place() {
        let text = "Resources:\n  P:\n    Type: AWS::Organizations::Policy\n    Properties:\n      TargetIds:\n        - !Ref Ou\n        - \"111122223333\"\n      Arn: !GetAtt P.Arn\n      Flag: true\n";
        let c = convert(text).unwrap();
        let v: Value = serde_json::from_str(&c.json).unwrap();
        assert_eq!(
            v["Resources"]["P"]["Properties"]["TargetIds"][0],
            serde_json::json!({"Ref": "Ou"})
        );
        assert_eq!(v["Resources"]["P"]["Properties"]["TargetIds"][1], "111122223333");
        assert_eq!(
            v["Resources"]["P"]["Properties"]["Arn"],
            serde_json::json!({"Fn::GetAtt": ["P", "Arn"]})
        );
        assert_eq!(v["Resources"]["P"]["Properties"]["Flag"], true);
        assert_eq!(c.position("Resources.P.Properties.TargetIds[0].Ref"), Some((6, 16)));
        assert_eq!(c.position("Resources.P.Properties"), Some((4, 5)), "where the key is");
        let error = convert("a: [1, 2").unwrap_err();
        assert!(
            error.contains("error[change-import]: the YAML cannot be read"),
            "{error}"
        );
    }
}
