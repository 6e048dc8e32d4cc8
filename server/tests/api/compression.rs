//! Pages and JSON answers travel compressed to a browser that takes gzip or brotli.

use crate::support::spawn_app;
use std::io::Read;

fn gunzip(bytes: &[u8]) -> String {
    let mut text = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a gzip stream");
    text
}

#[tokio::test]
async fn the_editors_page_and_its_flow_travel_compressed() {
    let app = spawn_app().await;
    app.log_in("demo").await;

    let page = app
        .client
        .get(format!("{}/ivr/editor", app.base))
        .header("accept", "text/html")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-encoding"], "gzip");
    let sent = page.bytes().await.expect("the page");
    let html = gunzip(&sent);
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
        sent.len() * 3 < html.len(),
        "{} bytes sent for {}",
        sent.len(),
        html.len()
    );

    let flow = app
        .client
        .post(format!("{}/api/load_flow", app.base))
        .header("sec-fetch-site", "same-origin")
        .header("accept", "application/json")
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("the server answers");
    assert_eq!(flow.status(), 200);
    assert_eq!(flow.headers()["content-encoding"], "gzip");
    let json = gunzip(&flow.bytes().await.expect("the answer"));
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
