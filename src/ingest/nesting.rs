//! Capping how deep a page's elements nest, before the HTML parser sees it.
//!
//! Why: html5ever's tree builder checks "is there a `<p>` in scope" by walking the stack
//! of open elements for every start tag, so a page whose elements nest n deep costs n²
//! (100,000 nested `<div>`s took 53 s), and the tree it builds is as deep as the input.
//! No real page nests more than a few dozen levels; one that nests thousands is broken
//! or hostile. So a light scan of the tags (no tree) finds how deep the page goes, and
//! if it goes past [`MAX_DEPTH`] the start and end tags beyond that depth are taken
//! out: a block element's tags become `<br>` so its text stays a block of its own, an
//! inline element's tags go, script, style and page chrome beyond the cap go with
//! their content. The text itself is always kept.

/// The deepest nesting kept; deeper elements are flattened into their ancestor at this
/// depth.
pub const MAX_DEPTH: usize = 512;

/// Elements that never have content.
const VOID_ELEMENTS: [&str; 15] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements whose content is raw text up to their end tag (no tags inside).
const RAW_TEXT_ELEMENTS: [&str; 9] = [
    "iframe", "noembed", "noframes", "noscript", "script", "style", "textarea", "title", "xmp",
];

/// The result of flattening: the rewritten page and how deep it nested.
pub struct Flattened {
    pub html: String,
    pub depth: usize,
}

struct OpenElement {
    name: String,
    /// Whether its tags stay in the page (it sits at or above the cap).
    kept: bool,
    /// Byte offset of its start tag, and whether everything up to its end tag goes
    /// (script, style or page chrome beyond the cap).
    start: usize,
    drop_content: bool,
}

/// Rewrites a page whose elements nest deeper than [`MAX_DEPTH`]; `None` if it does not.
/// `is_block` tells block elements (their tags become `<br>`), `drops_content` the
/// elements whose text is no part of the document (script, page chrome) from the start
/// tag's name and its attributes' text.
pub fn flatten_deep_nesting(
    html: &str,
    is_block: impl Fn(&str) -> bool,
    drops_content: impl Fn(&str, &str) -> bool,
) -> Option<Flattened> {
    let bytes = html.as_bytes();
    let mut stack: Vec<OpenElement> = Vec::new();
    // How many open elements have each name: an end tag with no open element of its
    // name is skipped without searching the stack, so the scan stays linear.
    let mut open_count: std::collections::HashMap<String, usize> = Default::default();
    let mut edits: Vec<(usize, usize, &'static str)> = Vec::new();
    let mut deepest = 0;
    let mut position = 0;
    while let Some(found) = bytes[position..].iter().position(|&b| b == b'<') {
        let start = position + found;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            position = find_from(bytes, start + 4, b"-->").map_or(bytes.len(), |end| end + 3);
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            position = find_from(bytes, start, b">").map_or(bytes.len(), |end| end + 1);
            continue;
        }
        let is_end = rest.starts_with(b"</");
        let name_start = start + if is_end { 2 } else { 1 };
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            position = start + 1;
            continue;
        }
        let name_end = bytes[name_start..]
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
            .map_or(bytes.len(), |end| name_start + end);
        let name = html[name_start..name_end].to_ascii_lowercase();
        let Some(tag_end) = tag_end(bytes, name_end) else {
            break;
        };
        position = tag_end;
        if is_end {
            if open_count.get(&name).copied().unwrap_or(0) == 0 {
                continue;
            }
            // Everything above the matching element closes with it. The search only
            // passes over elements that are popped, so it costs nothing extra overall.
            while let Some(element) = stack.pop() {
                *open_count.get_mut(&element.name).expect("counted") -= 1;
                let matched = element.name == name;
                if matched && !element.kept {
                    if element.drop_content {
                        edits.retain(|&(edit_start, _, _)| edit_start < element.start);
                        edits.push((element.start, tag_end, ""));
                    } else {
                        edits.push((start, tag_end, replacement(&is_block, &name)));
                    }
                }
                if matched {
                    break;
                }
            }
            continue;
        }
        if RAW_TEXT_ELEMENTS.contains(&name.as_str()) {
            // Its content is text up to its end tag; it nests nothing.
            position = find_end_tag(bytes, tag_end, &name).unwrap_or(bytes.len());
            if stack.len() >= MAX_DEPTH {
                edits.push((start, position, ""));
            }
            continue;
        }
        if VOID_ELEMENTS.contains(&name.as_str()) {
            continue;
        }
        close_implied(&mut stack, &mut open_count, &name, &is_block);
        let depth = stack.len() + 1;
        deepest = deepest.max(depth);
        let kept = depth <= MAX_DEPTH;
        let drop_content = !kept && drops_content(&name, &html[name_end..tag_end]);
        if !kept && !drop_content {
            edits.push((start, tag_end, replacement(&is_block, &name)));
        }
        *open_count.entry(name.clone()).or_default() += 1;
        stack.push(OpenElement {
            name,
            kept,
            start,
            drop_content,
        });
    }
    if deepest <= MAX_DEPTH {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (start, end, replacement) in edits {
        if start < copied {
            continue;
        }
        out.push_str(&html[copied..start]);
        out.push_str(replacement);
        copied = end;
    }
    out.push_str(&html[copied..]);
    Some(Flattened {
        html: out,
        depth: deepest,
    })
}

fn replacement(is_block: &impl Fn(&str) -> bool, name: &str) -> &'static str {
    if is_block(name) {
        "<br>"
    } else {
        ""
    }
}

/// Elements whose end tag is often left out: a new one closes the open one, as the HTML
/// parser does. Only the few elements on top of the stack are looked at, which is all
/// these rules need in real pages and keeps the scan linear.
fn close_implied(
    stack: &mut Vec<OpenElement>,
    open_count: &mut std::collections::HashMap<String, usize>,
    name: &str,
    is_block: &impl Fn(&str) -> bool,
) {
    const LOOK: usize = 8;
    let closes: &[&str] = match name {
        "li" => &["li"],
        "dt" | "dd" => &["dt", "dd"],
        "td" | "th" => &["td", "th"],
        "tr" => &["tr", "td", "th"],
        "option" => &["option"],
        _ if is_block(name) => &["p"],
        _ => &[],
    };
    let window = stack.len().saturating_sub(LOOK);
    if let Some(at) = stack[window..]
        .iter()
        .rposition(|element| closes.contains(&element.name.as_str()))
    {
        for element in stack.drain(window + at..) {
            *open_count.get_mut(&element.name).expect("counted") -= 1;
        }
    }
}

/// The byte just after the `>` closing a tag whose name ends at `from`, skipping quoted
/// attribute values.
fn tag_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut quote = None;
    for (offset, &byte) in bytes[from..].iter().enumerate() {
        match (quote, byte) {
            (Some(open), _) if byte == open => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'>') => return Some(from + offset + 1),
            _ => {}
        }
    }
    None
}

/// The byte just after `</name…>` from `from` on, case-insensitively.
fn find_end_tag(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut position = from;
    while let Some(at) = find_from(bytes, position, b"</") {
        let name_start = at + 2;
        let candidate = bytes.get(name_start..name_start + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return find_from(bytes, name_start, b">").map(|end| end + 1);
        }
        position = name_start;
    }
    None
}

fn find_from(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| from + at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(name: &str) -> bool {
        matches!(name, "div" | "p" | "li" | "ul")
    }

    fn chrome(name: &str, attributes: &str) -> bool {
        name == "nav" || attributes.contains("footer")
    }

    #[test]
    fn shallow_pages_are_left_alone() {
        let page = "<div><p>正文<b>加粗</b></p><ul><li>一<li>二<li>三</ul></div>";
        assert!(flatten_deep_nesting(page, block, chrome).is_none());
        // Thousands of unclosed list items and paragraphs are siblings, not nesting.
        let items =
            "<ul>".to_owned() + &"<li>项目".repeat(5000) + "</ul>" + &"<p>段落".repeat(5000);
        assert!(flatten_deep_nesting(&items, block, chrome).is_none());
    }

    #[test]
    fn deep_pages_keep_their_text_and_lose_the_deep_tags() {
        let n = MAX_DEPTH + 100;
        let page = "<div>".repeat(n)
            + "<span>深层</span>正文<script>var x = '<div>';</script><nav>导航</nav><div class=\"footer\">版权<p>所有</p></div>"
            + &"</div>".repeat(n);
        let flattened = flatten_deep_nesting(&page, block, chrome).expect("too deep");
        assert_eq!(flattened.depth, n + 2, "the footer's <p> is deepest");
        assert!(flattened.html.contains("深层"));
        assert!(flattened.html.contains("正文"));
        assert!(
            !flattened.html.contains("导航"),
            "chrome beyond the cap goes"
        );
        assert!(!flattened.html.contains("版权"));
        assert!(
            !flattened.html.contains("var x"),
            "script beyond the cap goes"
        );
        assert_eq!(flattened.html.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(flattened.html.matches("</div>").count(), MAX_DEPTH);
    }
}
