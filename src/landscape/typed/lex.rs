//! Splits a formula into tokens, each with its 1-based column (counted in characters, as the
//! user sees them, not bytes).

use super::FormulaError;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Kind {
    Num(f64),
    Name,
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    Open,
    Close,
    Comma,
    End,
}

#[derive(Clone, Copy, Debug)]
pub(super) struct Token<'a> {
    pub kind: Kind,
    /// The characters as written (empty for `End`), for names and error messages.
    pub text: &'a str,
    pub column: usize,
}

impl Token<'_> {
    /// Whether this token can begin an operand: after a complete operand it means a missing
    /// operator, such as the implicit multiplication in `2x`.
    pub fn starts_operand(&self) -> bool {
        matches!(self.kind, Kind::Num(_) | Kind::Name | Kind::Open)
    }

    /// How an error message names the token.
    pub fn describe(&self) -> String {
        match self.kind {
            Kind::End => "end of formula".to_string(),
            _ => format!("'{}'", self.text),
        }
    }
}

pub(super) fn lex(src: &str) -> Result<Vec<Token<'_>>, FormulaError> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(src.len(), |&(b, _)| b);
    let ch = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = ch(i) {
        let column = i + 1;
        let start = i;
        let kind = match c {
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '0'..='9' | '.' => {
                while matches!(ch(i), Some('0'..='9' | '.')) {
                    i += 1;
                }
                // An exponent only if digits follow, so that `2e` stays the number 2 and the
                // name e (and is then reported as a missing operator).
                if matches!(ch(i), Some('e' | 'E')) {
                    let digits_from = if matches!(ch(i + 1), Some('+' | '-')) {
                        i + 2
                    } else {
                        i + 1
                    };
                    if matches!(ch(digits_from), Some('0'..='9')) {
                        i = digits_from;
                        while matches!(ch(i), Some('0'..='9')) {
                            i += 1;
                        }
                    }
                }
                let text = &src[byte_at(start)..byte_at(i)];
                let mantissa = text.split(['e', 'E']).next().unwrap_or("");
                let ok = mantissa.matches('.').count() <= 1
                    && mantissa.contains(|c: char| c.is_ascii_digit());
                match text.parse::<f64>() {
                    Ok(v) if ok && v.is_finite() => Kind::Num(v),
                    Ok(_) if ok => {
                        return Err(FormulaError::at(
                            format!("number too large '{text}'"),
                            column,
                        ))
                    }
                    _ => {
                        return Err(FormulaError::at(
                            format!("malformed number '{text}'"),
                            column,
                        ))
                    }
                }
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                while matches!(ch(i), Some(c) if c.is_ascii_alphanumeric() || c == '_') {
                    i += 1;
                }
                Kind::Name
            }
            _ => {
                i += 1;
                match c {
                    '+' => Kind::Plus,
                    '-' => Kind::Minus,
                    '*' => Kind::Star,
                    '/' => Kind::Slash,
                    '^' => Kind::Caret,
                    '(' => Kind::Open,
                    ')' => Kind::Close,
                    ',' => Kind::Comma,
                    _ => {
                        return Err(FormulaError::at(
                            format!("unexpected character '{c}'"),
                            column,
                        ))
                    }
                }
            }
        };
        out.push(Token {
            kind,
            text: &src[byte_at(start)..byte_at(i)],
            column,
        });
    }
    out.push(Token {
        kind: Kind::End,
        text: "",
        column: chars.len() + 1,
    });
    Ok(out)
}
