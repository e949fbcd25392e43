//! Decoding a file's bytes to text: byte-order marks, a declared charset, UTF-8, then
//! detection among the encodings Chinese documents come in (GB18030/GBK, Big5).
//!
//! It never guesses silently: a decoding that rests on a statistical guess the bytes do
//! not settle, or that had to replace invalid bytes, comes back with a doubt that the
//! caller reports with the file's name. Bytes that are no text at all are refused.

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8};

/// Text decoded from a file, the encoding used, and why the result may be wrong.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static Encoding,
    /// Set when the decoding is doubtful: the reason, for a warning naming the file.
    pub doubt: Option<String>,
}

/// How far into a file a `<meta charset>` or XML declaration is looked for.
const DECLARATION_WINDOW: usize = 4096;

/// Decodes a file's bytes. `forced` (from `--encoding`) wins over everything but still
/// reports replaced bytes; otherwise a byte-order mark, then valid UTF-8, then a charset
/// the file declares (if its bytes fit it), then detection. Returns the reason as an
/// error for bytes that are not text.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> Result<Decoded, String> {
    if let Some(encoding) = forced {
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding,
            doubt: had_errors.then(|| {
                format!(
                    "bytes invalid in {} were replaced by U+FFFD",
                    encoding.name()
                )
            }),
        });
    }
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding,
            doubt: had_errors.then(|| {
                format!(
                    "starts with a {} byte-order mark but has invalid bytes (replaced by U+FFFD)",
                    encoding.name()
                )
            }),
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if text.contains('\0') {
            return Err(binary_reason());
        }
        return Ok(Decoded {
            text: text.to_owned(),
            encoding: UTF_8,
            doubt: None,
        });
    }
    if bytes.contains(&0) {
        return Err(binary_reason());
    }
    let mut doubt = None;
    if let Some(declared) = declared_encoding(bytes) {
        if declared == UTF_8 {
            doubt = Some("declares UTF-8 but is not valid UTF-8".to_owned());
        } else if let Some(text) = strict(declared, bytes) {
            return Ok(Decoded {
                text,
                encoding: declared,
                doubt: None,
            });
        } else {
            doubt = Some(format!(
                "declares {} but has bytes invalid in it",
                declared.name()
            ));
        }
    }
    // Only the encodings Chinese documents come in are detected; anything else the
    // detector might pick for these bytes (a single-byte Latin encoding decodes any
    // bytes at all) would turn binary files into text. Other encodings need --encoding.
    let detected = detect(bytes);
    let chinese = detected.encoding == GB18030 || detected.encoding == BIG5;
    if let Some(text) = strict(detected.encoding, bytes).filter(|_| chinese) {
        let doubt = doubt.or_else(|| {
            if detected.unsettled {
                Some(format!(
                    "could be GB18030 or Big5; read as {}",
                    detected.encoding.name()
                ))
            } else {
                None
            }
        });
        return Ok(Decoded {
            text,
            encoding: detected.encoding,
            doubt: doubt.map(|reason| format!("{reason} (use --encoding if the text is wrong)")),
        });
    }
    for fallback in [GB18030, BIG5] {
        if let Some(text) = strict(fallback, bytes) {
            return Ok(Decoded {
                text,
                encoding: fallback,
                doubt: Some(format!(
                    "{}read as {} by elimination (use --encoding if the text is wrong)",
                    doubt
                        .map(|reason| format!("{reason}; "))
                        .unwrap_or_default(),
                    fallback.name()
                )),
            });
        }
    }
    Err("not UTF-8, GB18030 or Big5 text (try --encoding)".to_owned())
}

fn binary_reason() -> String {
    "contains NUL bytes, so it is no text (UTF-16 without a byte-order mark? try --encoding utf-16le)"
        .to_owned()
}

/// Decodes without replacement: `None` if any byte is invalid in the encoding.
fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

struct Detection {
    encoding: &'static Encoding,
    /// Whether the bytes leave it open: they fit both GB18030 and Big5, and there is
    /// too little text to judge or the two halves of the file point different ways.
    unsettled: bool,
}

/// Fewer bytes of Chinese text than this (about 20 characters) settle nothing.
const MIN_EVIDENCE_BYTES: usize = 40;

/// Each half of a file is judged on its own only when it has this much text (about 100
/// characters): a shorter half points nowhere in particular.
const HALF_EVIDENCE_BYTES: usize = 200;

/// Guesses the encoding of bytes that are not UTF-8, with Firefox's detector. GBK is
/// read as GB18030, its superset.
fn detect(bytes: &[u8]) -> Detection {
    let encoding = guess(bytes);
    let both_fit = strict(GB18030, bytes).is_some() && strict(BIG5, bytes).is_some();
    let unsettled = both_fit && {
        let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
        // Split at an ASCII byte near the middle, so no character is cut in two.
        let middle = bytes.len() / 2;
        let split = bytes[middle..]
            .iter()
            .position(u8::is_ascii)
            .map_or(middle, |at| middle + at);
        non_ascii < MIN_EVIDENCE_BYTES
            || (non_ascii >= 2 * HALF_EVIDENCE_BYTES
                && (guess(&bytes[..split]) != encoding || guess(&bytes[split..]) != encoding))
    };
    Detection {
        encoding,
        unsettled,
    }
}

fn guess(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    if encoding == GBK {
        GB18030
    } else {
        encoding
    }
}

/// The encoding a file declares near its start: an XML declaration's `encoding`, or an
/// HTML `<meta charset>` / `<meta http-equiv="Content-Type" content="…; charset=…">`.
/// A declared UTF-16 without a byte-order mark cannot be right for bytes read as ASCII,
/// so it is ignored, as browsers do.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let window = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    let lower: Vec<u8> = window.iter().map(u8::to_ascii_lowercase).collect();
    let label = xml_declaration_label(&lower).or_else(|| meta_charset_label(&lower))?;
    let encoding = Encoding::for_label(label)?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        return None;
    }
    Some(encoding)
}

fn xml_declaration_label(lower: &[u8]) -> Option<&[u8]> {
    let start = lower.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = lower[start..].strip_prefix(b"<?xml")?;
    let end = find(rest, b"?>")?;
    let declaration = &rest[..end];
    let at = find(declaration, b"encoding")?;
    value_after_equals(&declaration[at + b"encoding".len()..])
}

fn meta_charset_label(lower: &[u8]) -> Option<&[u8]> {
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta") {
        let tag_start = from + at;
        let tag_end = lower[tag_start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(lower.len(), |end| tag_start + end);
        let tag = &lower[tag_start..tag_end];
        if let Some(at) = find(tag, b"charset") {
            if let Some(label) = value_after_equals(&tag[at + b"charset".len()..]) {
                return Some(label);
            }
        }
        from = tag_end;
    }
    None
}

/// `  = "gbk"` → `gbk`: the value after an equals sign, without quotes.
fn value_after_equals(text: &[u8]) -> Option<&[u8]> {
    let text = trim_start(text).strip_prefix(b"=")?;
    let text = trim_start(text);
    let text = text
        .strip_prefix(b"\"")
        .or_else(|| text.strip_prefix(b"'"))
        .unwrap_or(text);
    let end = text
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
        .unwrap_or(text.len());
    (end > 0).then_some(&text[..end])
}

fn trim_start(text: &[u8]) -> &[u8] {
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    &text[start..]
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Resolves an encoding name given on the command line (`gbk`, `big5`, `utf-16le`, any
/// WHATWG label).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str =
        "静安区重点发展人工智能产业，建设国际数据港。到2025年，全区数字经济规模达到一千亿元。";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(PLAN.as_bytes(), None).unwrap();
        assert_eq!(plain.text, PLAN);
        assert!(plain.doubt.is_none());
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(PLAN.as_bytes());
        let with_bom = decode(&bytes, None).unwrap();
        assert_eq!(with_bom.text, PLAN, "the BOM is not part of the text");
    }

    #[test]
    fn utf16_with_either_bom() {
        for (encoding, bom) in [(UTF_16LE, &b"\xFF\xFE"[..]), (UTF_16BE, &b"\xFE\xFF"[..])] {
            let mut bytes = bom.to_vec();
            for unit in PLAN.encode_utf16() {
                let pair = if encoding == UTF_16LE {
                    unit.to_le_bytes()
                } else {
                    unit.to_be_bytes()
                };
                bytes.extend_from_slice(&pair);
            }
            let decoded = decode(&bytes, None).unwrap();
            assert_eq!(decoded.text, PLAN, "{}", encoding.name());
            assert_eq!(decoded.encoding, encoding);
            assert!(decoded.doubt.is_none());
        }
    }

    #[test]
    fn gb18030_and_gbk_are_detected() {
        let (bytes, _, _) = GB18030.encode(PLAN);
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.text, PLAN);
        assert!(decoded.doubt.is_none(), "{:?}", decoded.doubt);
        let (bytes, _, _) = GBK.encode(PLAN);
        assert_eq!(decode(&bytes, None).unwrap().text, PLAN);
    }

    #[test]
    fn big5_is_detected_not_read_as_gb18030() {
        let traditional = "臺北市政府推動人工智慧產業發展，建設國際資料中心。到二〇二五年，數位經濟規模達到一千億元。各區應當加強產業園區建設，推動產學研合作。";
        let (bytes, _, had_errors) = BIG5.encode(traditional);
        assert!(!had_errors);
        assert!(
            strict(GB18030, &bytes).is_some(),
            "the bytes are valid GB18030 too, so only detection tells them apart"
        );
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.encoding, BIG5);
        assert_eq!(decoded.text, traditional);
        assert!(decoded.doubt.is_none(), "{:?}", decoded.doubt);
    }

    #[test]
    fn too_little_text_to_tell_gb18030_from_big5_is_reported() {
        let (bytes, _, _) = BIG5.encode("臺北市產業發展");
        assert!(strict(GB18030, &bytes).is_some(), "fits both");
        let decoded = decode(&bytes, None).unwrap();
        assert!(decoded
            .doubt
            .is_some_and(|doubt| doubt.contains("could be GB18030 or Big5")));
    }

    #[test]
    fn declared_charsets_are_followed() {
        let page =
            format!("<html><head><meta charset=\"gbk\"></head><body><p>{PLAN}</p></body></html>");
        let (bytes, _, _) = GBK.encode(&page);
        assert_eq!(declared_encoding(&bytes), Some(GBK));
        assert_eq!(decode(&bytes, None).unwrap().text, page);
        let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"></head><body><p>臺北市產業發展</p></body></html>".to_owned();
        let (bytes, _, _) = BIG5.encode(&page);
        assert_eq!(declared_encoding(&bytes), Some(BIG5));
        assert_eq!(decode(&bytes, None).unwrap().text, page);
        let xml = format!("<?xml version=\"1.0\" encoding='GB2312'?>\n<doc>{PLAN}</doc>");
        let (bytes, _, _) = GBK.encode(&xml);
        assert_eq!(declared_encoding(&bytes), Some(GBK));
        assert_eq!(decode(&bytes, None).unwrap().text, xml);
    }

    #[test]
    fn a_wrong_declaration_is_reported_not_trusted() {
        let page = format!("<meta charset=\"utf-8\"><p>{PLAN}</p>");
        let (bytes, _, _) = GB18030.encode(&page);
        let decoded = decode(&bytes, None).unwrap();
        assert_eq!(decoded.text, page);
        assert!(decoded
            .doubt
            .is_some_and(|doubt| doubt.contains("declares UTF-8")));
    }

    #[test]
    fn forced_encoding_wins_and_reports_replacements() {
        let (bytes, _, _) = BIG5.encode("臺北市產業發展");
        let forced = decode(&bytes, Some(BIG5)).unwrap();
        assert_eq!(forced.text, "臺北市產業發展");
        assert!(forced.doubt.is_none());
        let broken = decode(b"\x81", Some(BIG5)).unwrap();
        assert!(broken.doubt.is_some());
        assert_eq!(encoding_for_label(" GBK "), Some(GBK));
        assert_eq!(encoding_for_label("no-such-encoding"), None);
    }

    #[test]
    fn binary_bytes_are_refused() {
        let error = decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xd8", None).unwrap_err();
        assert!(error.contains("NUL"), "{error}");
        let error = decode(b"\x89PNG\r\n\x1a\n\xff\xd8\xff\xe0\xff\xff", None).unwrap_err();
        assert!(error.contains("not UTF-8, GB18030 or Big5"), "{error}");
    }
}
