//! Pages and JSON answers travel compressed to a browser that takes gzip or brotli.

use crate::support::spawn_app;
use std::io::Read;

/// Sends `request` from a browser that takes gzip; the answer's bytes as sent, and inflated.
async fn gzipped(request: reqwest::RequestBuilder) -> (usize, String) {
    let answer = request
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-encoding"], "gzip");
    let sent = answer.bytes().await.expect("the answer");
    let mut text = String::new();
    flate2::read::GzDecoder::new(&sent[..])
        .read_to_string(&mut text)
        .expect("a gzip stream");
    (sent.len(), text)
}

#[tokio::test]
async fn the_editors_page_and_its_flow_travel_compressed() {
    let app = spawn_app().await;
    app.log_in("demo").await;

    let page = app.client.get(format!("{}/ivr/editor", app.base));
    let (sent, html) = gzipped(page.header("accept", "text/html")).await;
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    // The page's end: the resources' data follows the document's markup.
    assert!(
        html.contains("</html>") && html.ends_with("</script>"),
        "the whole page"
    );
    assert!(
        html.contains("\\\"menus\\\""),
        "the flow comes with the page"
    );
    assert!(
        sent * 3 < html.len(),
        "{sent} bytes sent for {}",
        html.len()
    );

    let flow = app.client.post(format!("{}/api/load_flow", app.base));
    let flow = flow.header("sec-fetch-site", "same-origin");
    let (_, json) = gzipped(flow.header("accept", "application/json")).await;
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(json.to_string().contains("\"menus\":["), "{json}");
}

#[tokio::test]
async fn a_browser_that_takes_no_compression_gets_the_page_as_it_is() {
    let app = spawn_app().await;
    app.log_in("demo").await;
    let page = app.get("/ivr/editor").await;
    assert_eq!(page.status(), 200);
    assert!(page.headers().get("content-encoding").is_none());
    assert!(page.text().await.expect("the page").ends_with("</script>"));
}
