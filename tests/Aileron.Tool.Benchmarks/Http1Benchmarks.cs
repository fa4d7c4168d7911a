using System.Buffers;
using System.Net;
using System.Text;
using Aileron.Forwarding.Http1;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;

namespace Aileron.Benchmarks;

/// <summary>
/// The two pieces of the HTTP/1.1 path that run on every bodiless request: writing the request head
/// the upstream gets (from wrk's request: Host only, and from a browser-like one with nine headers),
/// and parsing the head of nginx's answer (status line and five headers). Parsing the same answer
/// again, as a kept-alive connection does, reuses the header strings that did not change.
/// </summary>
[MemoryDiagnoser]
public class Http1Benchmarks
{
    private static readonly byte[] HostLine = "Host: 127.0.0.1:8001\r\n"u8.ToArray();

    private readonly Http1ResponseHead _head = new();
    private byte[] _nginxAnswer = [];
    private byte[] _buffer = [];
    private DefaultHttpContext _wrk = null!;
    private DefaultHttpContext _browser = null!;

    [GlobalSetup]
    public void Setup()
    {
        _nginxAnswer = Encoding.ASCII.GetBytes(
            "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Fri, 27 Nov 2026 23:00:00 GMT\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 13\r\nConnection: keep-alive");
        _buffer = ArrayPool<byte>.Shared.Rent(4096);
        _wrk = Context(("Host", "127.0.0.1:8080"));
        _browser = Context(
            ("Host", "shop.example.com"),
            ("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"),
            ("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            ("Accept-Language", "en-US,en;q=0.5"),
            ("Accept-Encoding", "gzip, deflate, br"),
            ("Cookie", "session=4f1c2a9e8b7d6c5e4f3a2b1c; theme=dark"),
            ("Connection", "keep-alive"),
            ("Upgrade-Insecure-Requests", "1"),
            ("Cache-Control", "max-age=0"));
    }

    [Benchmark]
    public int ParseNginxAnswer() => _head.TryParse(_nginxAnswer, out _) ? _head.Headers.Count : -1;

    [Benchmark]
    public int WriteWrkRequest() => Http1RequestHead.Write(_wrk, "/", HostLine, ref _buffer);

    [Benchmark]
    public int WriteBrowserRequest() => Http1RequestHead.Write(_browser, "/catalog/shoes?page=2", HostLine, ref _buffer);

    private static DefaultHttpContext Context(params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context;
    }
}
