namespace Aileron.Configuration.Model;

/// <summary>The resource kinds aileron runs, and the AILERON kinds it recognises but ignores.</summary>
internal static class ResourceKinds
{
    public const string Entrypoint = "Entrypoint";
    public const string HttpServer = "HTTPServer";
    public const string ReverseProxyHandler = "ReverseProxyHandler";
    public const string ErrorHandler = "ErrorHandler";

    public static IReadOnlyDictionary<string, Type> Implemented { get; } = new Dictionary<string, Type>(StringComparer.Ordinal)
    {
        [Entrypoint] = typeof(EntrypointSpec),
        [HttpServer] = typeof(HttpServerSpec),
        [ReverseProxyHandler] = typeof(ReverseProxyHandlerSpec),
        [ErrorHandler] = typeof(ErrorHandlerSpec),
    };

    /// <summary>Other core/v1 kinds of AILERON's schema: loading one is a warning, not an error.</summary>
    public static IReadOnlySet<string> NotSupported { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "GoPlugin", "HTTPClient", "HTTPHandler", "HTTPLogger", "SLogger",
        "StaticFileHandler", "TemplateHandler",
    };

    /// <summary>AILERON's other API groups (middleware, authentication, ...): recognised, not run.</summary>
    public static IReadOnlySet<string> OtherApiVersions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "app/v1",
    };

    public static IEnumerable<string> AllKnown => Implemented.Keys.Concat(NotSupported);
}
