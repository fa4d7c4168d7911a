namespace Aileron.Configuration.Model;

/// <summary>The resource kinds aileron runs, and AILERON's other kinds, which it names when it refuses them.</summary>
internal static class ResourceKinds
{
    public const string Entrypoint = "Entrypoint";
    public const string HttpServer = "HTTPServer";
    public const string ReverseProxyHandler = "ReverseProxyHandler";
    public const string ErrorHandler = "ErrorHandler";
    public const string AppV1 = "app/v1";
    public const string HttpClient = "HTTPClient";

    public static IReadOnlyDictionary<string, Type> Implemented { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [Entrypoint] = typeof(EntrypointSpec),
        [HttpServer] = typeof(HttpServerSpec),
        [ReverseProxyHandler] = typeof(ReverseProxyHandlerSpec),
        [ErrorHandler] = typeof(ErrorHandlerSpec),
        [HttpClient] = typeof(HttpClientSpec),
    };

    /// <summary>AILERON's other core/v1 kinds (its <c>util/register</c>): known, not run.</summary>
    public static IReadOnlySet<string> NotSupported { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "GoPlugin", "HTTPHandler", "HTTPLogger", "SLogger", "StaticFileHandler", "TemplateHandler",
    };

    /// <summary>AILERON's app/v1 kinds (middleware, authentication, handlers, telemetry): known, none run.</summary>
    public static IReadOnlySet<string> AppKinds { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AuthenticationMiddleware", "BasicAuthnMiddleware", "BodyLimitMiddleware", "CompressionMiddleware", "CORSMiddleware",
        "CSRFMiddleware", "DigestAuthnMiddleware", "EchoHandler", "HeaderPolicyMiddleware", "HeaderCertMiddleware",
        "HealthCheckHandler", "IDKeyAuthnMiddleware", "KeyAuthnMiddleware", "OAuthAuthenticationHandler", "OPAAuthzMiddleware",
        "OpenTelemetryMeter", "OpenTelemetryTracer", "PrometheusMeter", "RedisClient", "SessionMiddleware", "Skipper",
        "SOAPRESTMiddleware", "ThrottleMiddleware", "TimeoutMiddleware", "TrackingMiddleware",
    };

    public static IEnumerable<string> AllKnown => Implemented.Keys.Concat(NotSupported);

    /// <summary>True for a kind AILERON registers that aileron does not run.</summary>
    public static bool IsUnsupported(string apiVersion, string kind) =>
        (apiVersion == Resource.CoreV1 && NotSupported.Contains(kind)) || (apiVersion == AppV1 && AppKinds.Contains(kind));

    /// <summary>The one line that names a kind aileron does not run.</summary>
    public static string Refusal(string kind) => $"kind {kind} is not supported by aileron";
}
