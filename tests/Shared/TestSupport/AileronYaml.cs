namespace Aileron.Tests.TestSupport;

/// <summary>AILERON configs that unit and functional tests both load: unsupported kinds, an ErrorHandler.</summary>
internal static class AileronYaml
{
    public const string StaticFilesBehindMiddleware = """
        apiVersion: core/v1
        kind: Entrypoint
        spec:
          defaultErrorHandler: {apiVersion: core/v1, kind: ErrorHandler}
          runners:
            - apiVersion: core/v1
              kind: HTTPServer
        ---
        apiVersion: core/v1
        kind: HTTPServer
        spec:
          addr: ":8080"
          virtualHosts:
            - middleware:
                - apiVersion: app/v1
                  kind: HeaderPolicyMiddleware
              handlers:
                - handler:
                    apiVersion: core/v1
                    kind: StaticFileHandler
        ---
        apiVersion: app/v1
        kind: HeaderPolicyMiddleware
        spec:
          allowMIMEs: ["application/json"]
        ---
        apiVersion: core/v1
        kind: StaticFileHandler
        spec:
          rootDir: "./html/"
        ---
        apiVersion: core/v1
        kind: ErrorHandler
        spec:
          errorMessages:
            - codes: ["*"]
              mimeContents:
                - mimeType: text/plain
                  template: error
        """;

    /// <summary>One load balancer under /api, and the Entrypoint's default ErrorHandler with these <c>errorMessages</c> (YAML list items).</summary>
    public static string WithErrorHandler(string errorMessages, string upstream = "http://127.0.0.1:9") =>
        TestConfig.Simple($"- pathMatcher: {{match: /api, matchType: Prefix}}\n  upstreams:\n    - url: {upstream}")
            .Replace("    - apiVersion: core/v1\n      kind: HTTPServer\n", "    - apiVersion: core/v1\n      kind: HTTPServer\n  defaultErrorHandler: {apiVersion: core/v1, kind: ErrorHandler}\n", StringComparison.Ordinal)
        + "---\napiVersion: core/v1\nkind: ErrorHandler\nspec:\n  errorMessages:\n" + TestConfig.Indent(errorMessages, 4) + "\n";
}
