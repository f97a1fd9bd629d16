use tidtam_thai::{baht, date};
fn main() {
    for entry in std::fs::read_dir("/work/shared/corpus/project-reports").unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for line in text.lines() {
            // amounts in words after บาท
            let mut rest = line;
            while let Some(i) = rest.find("บาท") {
                let after = rest[i + "บาท".len()..].trim_start();
                if let Some(inner) = after.strip_prefix('(') {
                    let end = inner.find(')').unwrap_or(inner.len());
                    let words = &inner[..end];
                    match baht::read_baht_words(words) {
                        Ok(r) => println!("BAHT {name}: {words} => {} {:?}", r.amount, r.corrections.iter().map(|c| c.to_string()).collect::<Vec<_>>()),
                        Err(e) => println!("BAHT {name}: {words} => ERR {e}"),
                    }
                }
                rest = &rest[i + "บาท".len()..];
            }
            for (r, p) in date::find_periods(line) {
                println!("PER {name}: «{}» => {} .. {}", line[r].replace('\t', "⇥"), p.start, p.end);
            }
        }
    }
}
