//! The OpenAPI document stays true: every route of the router is documented, and every
//! documented operation, called without credentials, answers with one of its documented
//! statuses and, for errors, the documented error shape.

mod common;

use common::Gateway;
use serde_json::Value;

async fn document(gateway: &Gateway) -> Value {
    common::client()
        .get(format!("{}/openapi.json", gateway.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_route_is_documented() {
    let gateway = Gateway::start(&[]).await;
    let doc = document(&gateway).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let source = include_str!("../src/api/mod.rs");
    let routes: Vec<&str> = source
        .split(".route(")
        .skip(1)
        .filter_map(|rest| rest.trim_start().strip_prefix('"'))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert!(routes.len() >= 15, "{routes:?}");
    for route in &routes {
        assert!(
            doc["paths"].get(*route).is_some(),
            "{route} is not documented"
        );
    }
    for path in doc["paths"].as_object().unwrap().keys() {
        assert!(
            routes.contains(&path.as_str()),
            "{path} is documented but not routed"
        );
    }
}

#[tokio::test]
async fn every_documented_operation_answers_with_a_documented_status() {
    let gateway = Gateway::start(&[]).await;
    let doc = document(&gateway).await;
    let client = common::client();
    let mut calls = 0;
    for (path, operations) in doc["paths"].as_object().unwrap() {
        for (method, operation) in operations.as_object().unwrap() {
            let url = format!("{}{}", gateway.base, path.replace("{id}", "some-device"));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let mut request = client.request(method.clone(), url);
            if operation.get("requestBody").is_some() {
                request = request
                    .header("content-type", "application/json")
                    .body("{}");
            }
            let response = request.send().await.unwrap();
            let status = response.status().as_u16().to_string();
            let body: Value = response.json().await.unwrap_or(Value::Null);
            assert!(
                operation["responses"].get(&status).is_some(),
                "{method} {path} answered {status}, not documented: {body}"
            );
            if status.starts_with('4') {
                assert!(
                    body["error"].is_string() && body["message"].is_string(),
                    "{method} {path}: {body}"
                );
                let codes = &doc["components"]["schemas"]["Error"]["properties"]["error"]["enum"];
                assert!(
                    codes.as_array().unwrap().contains(&body["error"]),
                    "{method} {path}: {body}"
                );
            }
            calls += 1;
        }
    }
    assert!(calls >= 17, "{calls} operations called");
}
