//! A mock LLM server on loopback for tests and benchmarks: a minimal HTTP/1.1
//! server speaking the Anthropic Messages and OpenAI chat-completions wire
//! formats (with usage), able to inject 429 with retry-after, 500, slow
//! answers, hangs, truncated and malformed bodies.
//!
//! It runs on its own thread and runtime, so a synchronous test can start it,
//! point the binary at [`MockLlm::url`] and script its replies.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One scripted answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// 200 with the configured text.
    Ok,
    /// 200 with this text.
    Text(String),
    /// 429 with a `retry-after` in seconds.
    TooMany { retry_after: u32 },
    /// 500.
    ServerError,
    /// 200 after a delay.
    Slow(Duration),
    /// Never answers.
    Hang,
    /// 200 whose body stops halfway (the connection closes).
    Truncated,
    /// 200 whose body is not JSON.
    Malformed,
}

/// A request the mock received.
#[derive(Debug, Clone)]
pub struct Received {
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: serde_json::Value,
}

#[derive(Default)]
struct Script {
    queue: VecDeque<Reply>,
    delay: Duration,
    text: Option<String>,
    received: Vec<Received>,
}

pub struct MockLlm {
    addr: SocketAddr,
    script: Arc<Mutex<Script>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl MockLlm {
    /// Start on a free loopback port.
    pub fn start() -> std::io::Result<MockLlm> {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let script = Arc::new(Mutex::new(Script::default()));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let shared = script.clone();
        let thread = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                let Ok(listener) = TcpListener::from_std(std_listener) else {
                    return;
                };
                tokio::select! {
                    _ = stopped => {}
                    _ = serve(listener, shared) => {}
                }
            });
        });
        Ok(MockLlm {
            addr,
            script,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:<port>`: the Anthropic base URL; add `/v1` for OpenAI.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Answer the next requests with these replies, in order (then `Ok`).
    pub fn push(&self, replies: impl IntoIterator<Item = Reply>) {
        self.lock().queue.extend(replies);
    }

    /// Delay every answer.
    pub fn set_delay(&self, delay: Duration) {
        self.lock().delay = delay;
    }

    /// The text of `Ok` answers (default: "Mock answer <n>.").
    pub fn set_text(&self, text: &str) {
        self.lock().text = Some(text.to_string());
    }

    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Script> {
        self.script.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Drop for MockLlm {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

async fn serve(listener: TcpListener, script: Arc<Mutex<Script>>) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(connection(stream, script.clone()));
    }
}

/// Serve requests on one connection (keep-alive) until it closes.
async fn connection(stream: TcpStream, script: Arc<Mutex<Script>>) {
    // Answers are written at once; Nagle's algorithm would hold them 40 ms.
    let _ = stream.set_nodelay(true);
    let mut stream = BufReader::new(stream);
    loop {
        let Some((path, headers, body)) = read_request(&mut stream).await else {
            return;
        };
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let (reply, delay, text, n) = {
            let mut s = script.lock().unwrap_or_else(|e| e.into_inner());
            s.received.push(Received {
                path: path.clone(),
                headers,
                body: body.clone(),
            });
            let n = s.received.len();
            let reply = s.queue.pop_front().unwrap_or(Reply::Ok);
            (reply, s.delay, s.text.clone(), n)
        };
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let text = text.unwrap_or_else(|| format!("Mock answer {n}."));
        let keep = respond(stream.get_mut(), &path, &body, reply, text).await;
        if !keep {
            return;
        }
    }
}

async fn read_request(
    stream: &mut BufReader<TcpStream>,
) -> Option<(String, Vec<(String, String)>, Vec<u8>)> {
    let mut line = String::new();
    if stream.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let path = line.split_whitespace().nth(1)?.to_string();
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        line.clear();
        stream.read_line(&mut line).await.ok()?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_string());
            if k == "content-length" {
                length = v.parse().ok()?;
            }
            headers.push((k, v));
        }
    }
    let mut body = vec![0; length.min(64 * 1024 * 1024)];
    stream.read_exact(&mut body).await.ok()?;
    Some((path, headers, body))
}

/// The answer in the wire format the path asks for. Returns whether the
/// connection stays open.
async fn respond(
    stream: &mut TcpStream,
    path: &str,
    request: &serde_json::Value,
    reply: Reply,
    text: String,
) -> bool {
    let openai = path.ends_with("/chat/completions");
    if !openai && !path.ends_with("/v1/messages") {
        return write(stream, 404, &[], br#"{"error":"not found"}"#).await;
    }
    let text = match reply {
        Reply::Ok => text,
        Reply::Text(t) => t,
        Reply::Slow(d) => {
            tokio::time::sleep(d).await;
            text
        }
        Reply::Hang => {
            std::future::pending::<()>().await;
            return false;
        }
        Reply::TooMany { retry_after } => {
            let body = error_body(openai, "rate_limit_error", "Rate limited");
            let after = retry_after.to_string();
            return write(
                stream,
                429,
                &[("retry-after", after.as_str())],
                body.as_bytes(),
            )
            .await;
        }
        Reply::ServerError => {
            let body = error_body(openai, "api_error", "Internal server error");
            return write(stream, 500, &[], body.as_bytes()).await;
        }
        Reply::Malformed => {
            return write(stream, 200, &[], b"{\"id\": \"msg_1\", \"content\": [").await;
        }
        Reply::Truncated => {
            let body = success_body(openai, request, &text);
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body.as_bytes()[..body.len() / 2]).await;
            let _ = stream.shutdown().await;
            return false;
        }
    };
    let body = success_body(openai, request, &text);
    write(stream, 200, &[], body.as_bytes()).await
}

fn success_body(openai: bool, request: &serde_json::Value, text: &str) -> String {
    let input = (request.to_string().len() / 4) as u64;
    let output = (text.len() / 4) as u64 + 1;
    let model = request["model"].as_str().unwrap_or("mock-model");
    if openai {
        json!({
            "id": "chatcmpl-mock",
            "object": "chat.completion",
            "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": input, "completion_tokens": output, "total_tokens": input + output},
        })
        .to_string()
    } else {
        json!({
            "id": "msg_mock",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": null,
            "usage": {"input_tokens": input, "output_tokens": output},
        })
        .to_string()
    }
}

fn error_body(openai: bool, kind: &str, message: &str) -> String {
    if openai {
        json!({"error": {"message": message, "type": kind}}).to_string()
    } else {
        json!({"type": "error", "error": {"type": kind, "message": message}}).to_string()
    }
}

async fn write(stream: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &[u8]) -> bool {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        429 => "Too Many Requests",
        _ => "Internal Server Error",
    };
    let mut head = format!(
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).await.is_ok()
}
