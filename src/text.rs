//! Quoting untrusted text inside a message: the command line's errors and the page's notices
//! must stay one short line whatever a user or a share link typed.

/// Most characters a quote shows before it is cut with "…".
pub const QUOTE_MAX_CHARS: usize = 60;

/// `s` between single quotes, on one line: control characters, line separators and bidi
/// controls written as escapes (`\n`, `\u{1b}`), backslashes doubled, and cut after
/// [`QUOTE_MAX_CHARS`] characters with "…".
pub fn quote(s: &str) -> String {
    format!("'{}'", one_line(s, QUOTE_MAX_CHARS))
}

/// `s` escaped as in [`quote`] and cut after `max` characters with "…", without quotes: for
/// a message that may carry raw input inside it (a parser's error, say).
pub fn one_line(s: &str, max: usize) -> String {
    let mut out = String::with_capacity(s.len().min(4 * max));
    let mut shown = 0;
    for c in s.chars() {
        let piece = escape(c);
        let width = piece.as_ref().map_or(1, |p| p.chars().count());
        if shown + width > max {
            out.push('…');
            break;
        }
        shown += width;
        match piece {
            Some(p) => out.push_str(&p),
            None => out.push(c),
        }
    }
    out
}

/// How `c` is written inside a quote, or None to write it as is.
fn escape(c: char) -> Option<String> {
    Some(match c {
        '\n' => "\\n".into(),
        '\r' => "\\r".into(),
        '\t' => "\\t".into(),
        '\\' => "\\\\".into(),
        // Bidi controls could make the rest of the line read backwards in a terminal or page.
        c if c.is_control()
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c) =>
        {
            format!("\\u{{{:x}}}", c as u32)
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_only_quoted() {
        assert_eq!(quote("moon"), "'moon'");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("β1 → γ"), "'β1 → γ'");
    }

    #[test]
    fn control_characters_become_escapes_on_one_line() {
        assert_eq!(quote("a\nb"), "'a\\nb'");
        assert_eq!(quote("\u{1b}[31mred"), "'\\u{1b}[31mred'");
        assert_eq!(quote("tab\there\r"), "'tab\\there\\r'");
        assert_eq!(quote("c:\\dir"), "'c:\\\\dir'");
        assert_eq!(quote("\u{202e}evil"), "'\\u{202e}evil'");
        assert_eq!(quote("x\u{2028}y\u{7f}"), "'x\\u{2028}y\\u{7f}'");
        for s in ["a\nb\rc", "\u{85}", "\u{2029}"] {
            assert_eq!(quote(s).lines().count(), 1, "{s:?}");
        }
    }

    #[test]
    fn long_input_is_cut_at_sixty_characters() {
        let long = "é".repeat(1_000_000);
        let q = quote(&long);
        assert_eq!(q, format!("'{}…'", "é".repeat(QUOTE_MAX_CHARS)));
        let exact = "x".repeat(QUOTE_MAX_CHARS);
        assert_eq!(quote(&exact), format!("'{exact}'"));
    }

    #[test]
    fn an_escape_is_never_cut_in_half() {
        let s = format!("{}\n{}", "x".repeat(QUOTE_MAX_CHARS - 1), "y");
        assert_eq!(quote(&s), format!("'{}…'", "x".repeat(QUOTE_MAX_CHARS - 1)));
        let many = "\u{1b}".repeat(100);
        let q = quote(&many);
        assert!(q.ends_with("…'"));
        assert!(q.chars().count() <= QUOTE_MAX_CHARS + 3);
        assert_eq!(q.matches("\\u{1b}").count(), QUOTE_MAX_CHARS / 6);
    }

    #[test]
    fn one_line_cuts_a_long_message_and_keeps_it_on_one_line() {
        let long = format!("unknown variant `{}\n`", "x".repeat(1_000_000));
        let short = one_line(&long, 160);
        assert!(
            short.chars().count() <= 161 && short.ends_with('…'),
            "{short}"
        );
        assert!(!short.contains('\n'));
        assert_eq!(one_line("ok", 160), "ok");
    }
}
