//! Every diagnostic code crisscross reports, in one list. A code is a stable identifier that scripts and
//! tests match on, so a new one is added here and documented in `docs/diagnostics.md` (a test keeps the
//! two the same).

use std::fmt;

macro_rules! codes {
    ($($variant:ident => $text:literal,)*) => {
        /// A diagnostic code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $text, "`")]
                $variant,
            )*
        }

        impl Code {
            /// Every code.
            pub const ALL: &[Self] = &[$(Self::$variant),*];

            /// The code as written in output and in `docs/diagnostics.md`.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)*
                }
            }
        }
    };
}

codes! {
    JsonSyntax => "json-syntax",
    JsonEmpty => "json-empty",
    JsonComment => "json-comment",
    JsonTrailingComma => "json-trailing-comma",
    JsonDuplicateKey => "json-duplicate-key",
    JsonTrailingContent => "json-trailing-content",
    JsonTooDeep => "json-too-deep",
    PolicyNotObject => "policy-not-object",
    UnknownField => "unknown-field",
    WrongType => "wrong-type",
    MissingStatement => "missing-statement",
    InvalidVersion => "invalid-version",
    MissingVersion => "missing-version",
    MissingEffect => "missing-effect",
    InvalidEffect => "invalid-effect",
    MissingAction => "missing-action",
    ActionAndNotaction => "action-and-notaction",
    MissingResource => "missing-resource",
    ResourceAndNotresource => "resource-and-notresource",
    PrincipalNotAllowed => "principal-not-allowed",
    PrincipalAndNotprincipal => "principal-and-notprincipal",
    NotprincipalWithAllow => "notprincipal-with-allow",
    InvalidAction => "invalid-action",
    InvalidResource => "invalid-resource",
    InvalidSid => "invalid-sid",
    DuplicateSid => "duplicate-sid",
    InvalidCondition => "invalid-condition",
    InvalidConditionValue => "invalid-condition-value",
    InvalidCharacter => "invalid-character",
    UnknownOperator => "unknown-operator",
    NullWithIfexists => "null-with-ifexists",
    EmptyValues => "empty-values",
    EmptyAction => "empty-action",
    EmptyResource => "empty-resource",
    VariableInOldVersion => "variable-in-old-version",
    VariableUnsupported => "variable-unsupported",
    WildcardWithoutLike => "wildcard-without-like",
    ResourceEmptyAccount => "resource-empty-account",
    ResourceUnexpectedAccount => "resource-unexpected-account",
    SetOperatorSingleValued => "set-operator-single-valued",
    NotAnIamAction => "not-an-iam-action",
    UnknownConditionKey => "unknown-condition-key",
    MantleUncovered => "mantle-uncovered",
    InvokeStreamPair => "invoke-stream-pair",
    NotARegion => "not-a-region",
    VariableNotAKey => "variable-not-a-key",
    RegionDenyMissesGlobal => "region-deny-misses-global",
    ScenarioSyntax => "scenario-syntax",
    ScenarioField => "scenario-field",
    ScenarioVersion => "scenario-version",
    DeckSyntax => "deck-syntax",
    DeckField => "deck-field",
    DeckFormat => "deck-format",
    DeckSlide => "deck-slide",
    InvalidPrincipal => "invalid-principal",
    UnknownProfile => "unknown-profile",
    UnservedSourceRegion => "unserved-source-region",
    UnknownApi => "unknown-api",
    ContextOverridden => "context-overridden",
    DuplicatePolicyName => "duplicate-policy-name",
    LinkNotALink => "link-not-a-link",
    LinkTruncated => "link-truncated",
    LinkCorrupted => "link-corrupted",
    LinkVersion => "link-version",
    LinkCodec => "link-codec",
    LinkTooLarge => "link-too-large",
    LinkScenario => "link-scenario",
    CatalogImport => "catalog-import",
    OrgImport => "org-import",
    IamImport => "iam-import",
    DenialImport => "denial-import",
    ChangeImport => "change-import",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<Code> for String {
    fn eq(&self, code: &Code) -> bool {
        self == code.as_str()
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, code: &Code) -> bool {
        *self == code.as_str()
    }
}
