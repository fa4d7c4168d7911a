using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Aileron.Errors;

/// <summary>
/// The <c>application/problem+json</c> (RFC 9457) bodies the proxy answers with, one per
/// <see cref="ProxyProblem"/>, serialized once at start-up: an error costs no allocation and never
/// echoes request data back. <c>code</c> is a stable identifier to match on; the log line for the
/// same request carries the specifics (load balancer, upstream, cause).
/// </summary>
internal static class ProblemResponse
{
    public const string ContentType = "application/problem+json";

    private static readonly Entry[] Entries =
    [
        new(ProxyProblem.NoRoute, StatusCodes.Status404NotFound, "no_route", "Not Found", "no virtual host, handler or load balancer matches this request"),
        new(ProxyProblem.NoUpstream, StatusCodes.Status503ServiceUnavailable, "no_upstream", "Service Unavailable", "no upstream of the load balancer is available"),
        new(ProxyProblem.UpstreamUnreachable, StatusCodes.Status502BadGateway, "upstream_unreachable", "Bad Gateway", "the upstream refused or reset the connection"),
        new(ProxyProblem.UpstreamTimeout, StatusCodes.Status504GatewayTimeout, "upstream_timeout", "Gateway Timeout", "the upstream did not answer in time"),
        new(ProxyProblem.UpstreamError, StatusCodes.Status502BadGateway, "upstream_error", "Bad Gateway", "the upstream sent an invalid response"),
        new(ProxyProblem.BadRequest, StatusCodes.Status400BadRequest, "bad_request", "Bad Request", "the request body could not be read"),
        new(ProxyProblem.Internal, StatusCodes.Status500InternalServerError, "internal_error", "Internal Server Error", "the proxy failed to handle the request"),
        new(ProxyProblem.BodyTooLarge, StatusCodes.Status413PayloadTooLarge, "body_too_large", "Content Too Large", "the request body is larger than this server accepts"),
        new(ProxyProblem.BadPath, StatusCodes.Status400BadRequest, "bad_path", "Bad Request", "the path hides a '.' or '..' segment behind an encoded slash or a backslash"),
        new(ProxyProblem.ConnectNotAllowed, StatusCodes.Status405MethodNotAllowed, "connect_not_allowed", "Method Not Allowed", "this reverse proxy does not open CONNECT tunnels"),
    ];

    /// <summary>Every problem in enum order, so a problem indexes its entry directly.</summary>
    public static IEnumerable<ProxyProblem> Listed => Entries.Select(e => e.Problem);

    public static int StatusOf(ProxyProblem problem) => Entries[(int)problem].Status;

    public static string CodeOf(ProxyProblem problem) => Entries[(int)problem].Code;

    /// <summary>The serialized body, for tests and documentation.</summary>
    public static string BodyOf(ProxyProblem problem) => Encoding.UTF8.GetString(Entries[(int)problem].Body);

    /// <summary>Answers with the problem's status and body, unless the response has already started.</summary>
    public static Task WriteAsync(HttpContext context, ProxyProblem problem)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        var entry = Entries[(int)problem];
        response.Clear();
        response.StatusCode = entry.Status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return Task.CompletedTask;
        }

        response.ContentLength = entry.Body.Length;
        return response.Body.WriteAsync(entry.Body).AsTask();
    }

    private sealed class Entry
    {
        public Entry(ProxyProblem problem, int status, string code, string title, string detail)
        {
            Problem = problem;
            Status = status;
            Code = code;
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                json.WriteString("title", title);
                json.WriteNumber("status", status);
                json.WriteString("detail", detail);
                json.WriteString("code", code);
                json.WriteEndObject();
            }

            Body = buffer.ToArray();
        }

        public ProxyProblem Problem { get; }

        public int Status { get; }

        public string Code { get; }

        public byte[] Body { get; }
    }
}
