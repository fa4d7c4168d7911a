using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Aileron.Errors;

/// <summary>
/// Every <see cref="ProxyProblem"/> the proxy answers with: its status, aileron's stable
/// <c>code</c> (<c>no_route</c>, …) and RFC 9457 <c>application/problem+json</c> body, serialized
/// once at start-up (an error costs no allocation and never echoes request data back), and the
/// code, kind and message AILERON gives the same error, which an <c>ErrorHandler</c>'s
/// <c>errorMessages</c> match on. <see cref="ErrorResponder"/> chooses the body a client gets.
/// </summary>
internal static class ProblemResponse
{
    public const string ContentType = "application/problem+json";

    private static readonly Entry[] Entries =
    [
        new(ProxyProblem.NoRoute, StatusCodes.Status404NotFound, "no_route", "Not Found", "no virtual host, handler or load balancer matches this request", "E2122", "CoreProxyNoUpstream", "cannot find upstream for {path}"),
        new(ProxyProblem.NoUpstream, StatusCodes.Status502BadGateway, "no_upstream", "Bad Gateway", "the load balancer has no upstream to pick", "E2121", "CoreProxyUpstreamUnavailable", "upstream unavailable for {path}"),
        new(ProxyProblem.UpstreamUnreachable, StatusCodes.Status502BadGateway, "upstream_unreachable", "Bad Gateway", "the upstream refused or reset the connection", "E2124", "CoreProxyRoundtrip", "error occurred in the round trippers"),
        new(ProxyProblem.UpstreamTimeout, StatusCodes.Status504GatewayTimeout, "upstream_timeout", "Gateway Timeout", "the upstream did not answer in time", "E2123", "CoreProxyTimeout", "request timeout"),
        new(ProxyProblem.UpstreamError, StatusCodes.Status502BadGateway, "upstream_error", "Bad Gateway", "the upstream sent an invalid response", "E2124", "CoreProxyRoundtrip", "error occurred in the round trippers"),
        new(ProxyProblem.BadRequest, StatusCodes.Status400BadRequest, "bad_request", "Bad Request", "the request body could not be read", "E2124", "CoreProxyRoundtrip", "error occurred in the round trippers"),
        new(ProxyProblem.Internal, StatusCodes.Status500InternalServerError, "internal_error", "Internal Server Error", "the proxy failed to handle the request", "E2132", "CoreServerRecover", "panic recovered"),
        new(ProxyProblem.BodyTooLarge, StatusCodes.Status413PayloadTooLarge, "body_too_large", "Content Too Large", "the request body is larger than this server accepts", "E3205", "AppMiddleBodyTooLarge", "request body size exceeded the body limit."),
        new(ProxyProblem.BadPath, StatusCodes.Status400BadRequest, "bad_path", "Bad Request", "the path hides a '.' or '..' segment behind an encoded slash or a backslash", string.Empty, string.Empty, string.Empty),
        new(ProxyProblem.ConnectNotAllowed, StatusCodes.Status405MethodNotAllowed, "connect_not_allowed", "Method Not Allowed", "this reverse proxy does not open CONNECT tunnels", string.Empty, string.Empty, string.Empty),
        new(ProxyProblem.NoHandler, StatusCodes.Status404NotFound, "no_route", "Not Found", "no virtual host, handler or load balancer matches this request", "E2131", "CoreServerNotFound", "handler not found for {pattern}"),
    ];

    /// <summary>Every problem in enum order, so a problem indexes its entry directly.</summary>
    public static IEnumerable<ProxyProblem> Listed => Entries.Select(e => e.Problem);

    public static int StatusOf(ProxyProblem problem) => Entries[(int)problem].Status;

    /// <summary>aileron's stable code: <c>no_route</c>, <c>upstream_unreachable</c>, ….</summary>
    public static string CodeOf(ProxyProblem problem) => Entries[(int)problem].Code;

    /// <summary>AILERON's code for the same error (<c>E2122</c>); empty for errors AILERON has no code for.</summary>
    public static string AileronCodeOf(ProxyProblem problem) => Entries[(int)problem].AileronCode;

    /// <summary>AILERON's kind for the same error (<c>CoreProxyNoUpstream</c>); empty for errors AILERON has no kind for.</summary>
    public static string AileronKindOf(ProxyProblem problem) => Entries[(int)problem].AileronKind;

    /// <summary>
    /// The error's text as AILERON prints it (<c>E2122.CoreProxyNoUpstream cannot find upstream for /x</c>),
    /// which an ErrorHandler's <c>messages</c> patterns are matched against; aileron's own errors read
    /// <c>code: detail</c>.
    /// </summary>
    public static string MessageOf(ProxyProblem problem, HttpContext context)
    {
        var entry = Entries[(int)problem];
        if (entry.AileronCode.Length == 0)
        {
            return $"{entry.Code}: {entry.Detail}";
        }

        var request = context.Request;
        var text = entry.Message
            .Replace("{path}", request.Path.Value, StringComparison.Ordinal)
            .Replace("{pattern}", $"{request.Method} {request.Host.Value}{request.Path.Value}", StringComparison.Ordinal);
        return $"{entry.AileronCode}.{entry.AileronKind} {text}";
    }

    /// <summary>The serialized problem+json body.</summary>
    public static ReadOnlyMemory<byte> ProblemBodyOf(ProxyProblem problem) => Entries[(int)problem].Body;

    /// <summary>The serialized problem+json body, for tests and documentation.</summary>
    public static string BodyOf(ProxyProblem problem) => Encoding.UTF8.GetString(Entries[(int)problem].Body);

    /// <summary>Answers with the problem in the format the client's Accept asks for (no ErrorHandler), unless the response has started.</summary>
    public static Task WriteAsync(HttpContext context, ProxyProblem problem) => ErrorResponder.Default.WriteAsync(context, problem);

    private sealed class Entry
    {
        public Entry(ProxyProblem problem, int status, string code, string title, string detail, string aileronCode, string aileronKind, string message)
        {
            Problem = problem;
            Status = status;
            Code = code;
            Detail = detail;
            AileronCode = aileronCode;
            AileronKind = aileronKind;
            Message = message;
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

        public string Detail { get; }

        public string AileronCode { get; }

        public string AileronKind { get; }

        public string Message { get; }

        public byte[] Body { get; }
    }
}
