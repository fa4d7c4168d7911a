using System.Buffers;
using System.Net;
using System.Text;
using Aileron.Forwarding.Http1;
using Aileron.Forwarding.Yarp;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Aileron.Tests.Forwarding.Http1;

/// <summary>The HTTP/1.1 request head sent upstream: shaped like the YARP path's (<see cref="ProxyTransformer"/>).</summary>
public sealed class Http1RequestHeadTests
{
    [Theory]
    [InlineData("GET", "/path?q=1")]
    [InlineData("HEAD", "/")]
    [InlineData("DELETE", "/items/7")]
    [InlineData("OPTIONS", "/a%20b?x=%C3%A9&y")]
    public void The_request_line_comes_first_then_the_host_line(string method, string target)
    {
        var context = Context();
        context.Request.Method = method;

        var lines = Lines(Write(context, target));

        Assert.Equal($"{method} {target} HTTP/1.1", lines[0]);
        Assert.Equal("Host: up:8080", lines[1]);
    }

    [Fact]
    public void The_head_ends_with_one_empty_line()
    {
        var context = Context();
        context.Request.Headers.Accept = "*/*";

        var head = Write(context);

        Assert.EndsWith("\r\n\r\n", head, StringComparison.Ordinal);
        Assert.Equal(head.Length - 4, head.IndexOf("\r\n\r\n", StringComparison.Ordinal));
    }

    [Fact]
    public void The_clients_host_is_not_copied_but_becomes_x_forwarded_host()
    {
        var context = Context();
        context.Request.Headers.Host = "public.example:8443";

        var lines = Lines(Write(context));

        Assert.Equal(["up:8080"], Values(lines, "Host"));
        Assert.Equal(["public.example:8443"], Values(lines, "X-Forwarded-Host"));
    }

    [Fact]
    public void A_client_sent_x_forwarded_host_is_replaced()
    {
        var context = Context();
        context.Request.Headers["X-Forwarded-Host"] = "spoofed.example";
        context.Request.Headers.Host = "public.example";

        var lines = Lines(Write(context));

        Assert.Equal(["public.example"], Values(lines, "X-Forwarded-Host"));
    }

    [Fact]
    public void Without_a_host_there_is_no_x_forwarded_host()
    {
        var context = Context();
        context.Request.Headers["x-forwarded-host"] = "spoofed.example";

        var lines = Lines(Write(context));

        Assert.Empty(Values(lines, "X-Forwarded-Host"));
    }

    [Fact]
    public void X_forwarded_for_is_set_to_the_client_when_absent()
    {
        var lines = Lines(Write(Context("10.0.0.1")));

        Assert.Equal(["10.0.0.1"], Values(lines, "X-Forwarded-For"));
    }

    [Fact]
    public void X_forwarded_for_is_appended_to()
    {
        var context = Context("10.0.0.1");
        context.Request.Headers["X-Forwarded-For"] = "1.2.3.4";

        var lines = Lines(Write(context));

        Assert.Equal(["1.2.3.4, 10.0.0.1"], Values(lines, "X-Forwarded-For"));
    }

    [Fact]
    public void Repeated_x_forwarded_for_headers_are_joined_before_the_client()
    {
        var context = Context("10.0.0.1");
        context.Request.Headers["X-Forwarded-For"] = new StringValues(["1.2.3.4", "5.6.7.8, 9.9.9.9"]);

        var lines = Lines(Write(context));

        Assert.Equal(["1.2.3.4, 5.6.7.8, 9.9.9.9, 10.0.0.1"], Values(lines, "X-Forwarded-For"));
    }

    [Theory]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1")]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("::1", "::1")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    public void The_client_address_is_shown_as_ipv4_when_it_is_one(string remote, string shown)
    {
        var lines = Lines(Write(Context(remote)));

        Assert.Equal([shown], Values(lines, "X-Forwarded-For"));
    }

    [Fact]
    public void Without_a_client_address_there_is_no_x_forwarded_for()
    {
        var lines = Lines(Write(Context(remote: null)));

        Assert.Empty(Values(lines, "X-Forwarded-For"));
    }

    [Fact]
    public void Without_a_client_address_a_prior_x_forwarded_for_is_kept()
    {
        var context = Context(remote: null);
        context.Request.Headers["X-Forwarded-For"] = new StringValues(["1.2.3.4", "5.6.7.8"]);

        var lines = Lines(Write(context));

        Assert.Equal(["1.2.3.4, 5.6.7.8"], Values(lines, "X-Forwarded-For"));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("https")]
    public void X_forwarded_proto_is_the_request_scheme(string scheme)
    {
        var context = Context();
        context.Request.Scheme = scheme;

        var lines = Lines(Write(context));

        Assert.Equal([scheme], Values(lines, "X-Forwarded-Proto"));
    }

    [Fact]
    public void A_client_sent_x_forwarded_proto_is_replaced()
    {
        var context = Context();
        context.Request.Scheme = "http";
        context.Request.Headers["X-Forwarded-Proto"] = "https";

        var lines = Lines(Write(context));

        Assert.Equal(["http"], Values(lines, "X-Forwarded-Proto"));
    }

    [Theory]
    [InlineData("Connection", "keep-alive")]
    [InlineData("connection", "Upgrade")]
    [InlineData("Keep-Alive", "timeout=5")]
    [InlineData("Upgrade", "websocket")]
    [InlineData("Proxy-Connection", "keep-alive")]
    [InlineData("Proxy-Authorization", "Basic eA==")]
    [InlineData("Proxy-Authenticate", "Basic")]
    [InlineData("Transfer-Encoding", "gzip, chunked")]
    [InlineData("HTTP2-Settings", "AAMAAABkAAQAAP__")]
    [InlineData("Upgrade-Insecure-Requests", "1")]
    [InlineData("Alt-Svc", "clear")]
    [InlineData("ALPN", "h2")]
    [InlineData("TE", "gzip")]
    [InlineData("TE", "trailers, deflate")]
    [InlineData("te", "deflate")]
    public void Hop_by_hop_headers_are_not_copied(string name, string value)
    {
        var context = Context();
        context.Request.Headers["X-Before"] = "1";
        context.Request.Headers[name] = value;
        context.Request.Headers["X-After"] = "2";

        var lines = Lines(Write(context));

        Assert.Empty(Values(lines, name));
        Assert.Equal(["1"], Values(lines, "X-Before"));
        Assert.Equal(["2"], Values(lines, "X-After"));
    }

    [Fact]
    public void Cookies_an_http2_client_split_into_fields_go_out_as_one_cookie_line_as_yarp_joins_them()
    {
        var context = Context();
        context.Request.Headers.Cookie = new StringValues(["a=1", "b=2"]);

        var lines = Lines(Write(context));

        Assert.Equal(["a=1; b=2"], Values(lines, "Cookie"));
    }

    [Fact]
    public void A_chunked_request_is_framed_chunked_anew_once_and_a_length_is_kept_as_sent()
    {
        var upload = Context();
        upload.Request.Headers.TransferEncoding = "chunked";
        var sized = Context();
        sized.Request.ContentLength = 5;

        var chunkedLines = Lines(Write(upload, chunked: Http1Upload.IsChunked(upload.Request)));
        var sizedLines = Lines(Write(sized));

        Assert.Equal(["chunked"], Values(chunkedLines, "Transfer-Encoding"));
        Assert.Empty(Values(chunkedLines, "Content-Length"));
        Assert.Equal(["5"], Values(sizedLines, "Content-Length"));
        Assert.Empty(Values(sizedLines, "Transfer-Encoding"));
    }

    [Theory]
    [InlineData("TE", "trailers")]
    [InlineData("te", "Trailers")]
    public void Te_trailers_is_kept(string name, string value)
    {
        var context = Context();
        context.Request.Headers[name] = value;

        var lines = Lines(Write(context));

        Assert.Contains("TE: trailers", lines);
        Assert.Single(lines, l => l.StartsWith("TE:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Other_headers_are_copied_as_sent()
    {
        var context = Context();
        context.Request.Headers.Accept = "text/html, */*;q=0.8";
        context.Request.Headers["x-request-id"] = "abc 123";
        context.Request.Headers.ContentLength = 0;

        var lines = Lines(Write(context));

        Assert.Contains("Accept: text/html, */*;q=0.8", lines);
        Assert.Contains("x-request-id: abc 123", lines);
        Assert.Contains("Content-Length: 0", lines);
    }

    [Fact]
    public void A_multi_valued_header_is_written_as_separate_lines()
    {
        var context = Context();
        context.Request.Headers.Append("X-Multi", "a");
        context.Request.Headers.Append("X-Multi", "b, c");

        var lines = Lines(Write(context));

        Assert.Equal(["a", "b, c"], Values(lines, "X-Multi"));
    }

    [Fact]
    public void The_buffer_grows_when_the_head_does_not_fit()
    {
        var context = Context();
        var big = string.Concat(Enumerable.Range(0, 1024).Select(i => $"{i % 10}abcdefghi"));
        context.Request.Headers["X-Big"] = big;
        context.Request.Headers["X-Small"] = "s";
        var buffer = ArrayPool<byte>.Shared.Rent(16);
        var first = buffer;
        try
        {
            var length = Http1RequestHead.Write(context, "/path?q=1", "Host: up:8080\r\n"u8, ref buffer);

            Assert.NotSame(first, buffer);
            Assert.True(buffer.Length >= length);
            var lines = Lines(Encoding.UTF8.GetString(buffer, 0, length));
            Assert.Equal("GET /path?q=1 HTTP/1.1", lines[0]);
            Assert.Equal("Host: up:8080", lines[1]);
            Assert.Equal([big], Values(lines, "X-Big"));
            Assert.Equal(["s"], Values(lines, "X-Small"));
            Assert.Equal(["10.0.0.1"], Values(lines, "X-Forwarded-For"));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void The_buffer_grows_again_and_again_without_losing_what_was_written()
    {
        var context = Context();
        for (var i = 0; i < 300; i++)
        {
            context.Request.Headers[$"X-H{i}"] = $"value-{i}";
        }

        var lines = Lines(Write(context));

        Assert.Equal("GET /path?q=1 HTTP/1.1", lines[0]);
        Assert.Equal("Host: up:8080", lines[1]);
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal([$"value-{i}"], Values(lines, $"X-H{i}"));
        }
    }

    [Fact]
    public void A_buffer_big_enough_is_kept()
    {
        var context = Context();
        context.Request.Headers.Accept = "*/*";
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var first = buffer;
        try
        {
            var length = Http1RequestHead.Write(context, "/", "Host: up\r\n"u8, ref buffer);

            Assert.Same(first, buffer);
            Assert.StartsWith("GET / HTTP/1.1\r\nHost: up\r\n", Encoding.UTF8.GetString(buffer, 0, length), StringComparison.Ordinal);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [Fact]
    public void A_non_ascii_header_value_is_written_as_utf_8()
    {
        var context = Context();
        context.Request.Headers["X-Name"] = "caf\u00e9 \u65e5\u672c";
        var buffer = ArrayPool<byte>.Shared.Rent(16);
        try
        {
            var length = Http1RequestHead.Write(context, "/", "Host: up\r\n"u8, ref buffer);
            byte[] line = [.. "\r\nX-Name: caf"u8, 0xC3, 0xA9, (byte)' ', 0xE6, 0x97, 0xA5, 0xE6, 0x9C, 0xAC, .. "\r\n"u8];

            Assert.True(buffer.AsSpan(0, length).IndexOf(line) > 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static DefaultHttpContext Context(string? remote = "10.0.0.1")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Connection.RemoteIpAddress = remote is null ? null : IPAddress.Parse(remote);
        return context;
    }

    private static string Write(HttpContext context, string target = "/path?q=1", bool chunked = false)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16);
        try
        {
            var length = Http1RequestHead.Write(context, target, "Host: up:8080\r\n"u8, ref buffer, chunked);
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The head's lines, checked to end with the empty line and to hold no other.</summary>
    private static List<string> Lines(string head)
    {
        Assert.EndsWith("\r\n\r\n", head, StringComparison.Ordinal);
        var lines = head[..^4].Split("\r\n").ToList();
        Assert.DoesNotContain(string.Empty, lines);
        return lines;
    }

    /// <summary>The values of the header lines named <paramref name="name"/> (in any case), in order.</summary>
    private static List<string> Values(List<string> lines, string name) =>
        [.. lines.Skip(1)
            .Where(l => l.StartsWith(name + ": ", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(name.Length + 2)..])];
}
