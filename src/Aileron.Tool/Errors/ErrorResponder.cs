using System.Collections.Concurrent;
using System.Globalization;
using Aileron.Configuration.Model;
using Aileron.Patterns;
using Microsoft.AspNetCore.Http;

namespace Aileron.Errors;

/// <summary>
/// Writes the proxy's own answers as AILERON's error handler does: the body its Accept chooses
/// (<see cref="DefaultErrorBody"/>), or, when an ErrorHandler is configured and one of its messages
/// matches the error, that message's content, status and headers; then
/// <c>Content-Type: &lt;type&gt;; charset=utf-8</c>, <c>X-Content-Type-Options: nosniff</c> and
/// <c>Vary: Accept</c>. A HEAD request gets the headers alone. Nothing is written once the
/// response has started.
/// </summary>
internal sealed class ErrorResponder
{
    /// <summary>AILERON's default error handler: no messages.</summary>
    public static readonly ErrorResponder Default = new([]);

    private const string Charset = "; charset=utf-8";
    private static readonly ConcurrentDictionary<string, string> ContentTypes = new(StringComparer.Ordinal);
    private readonly ErrorMessageRule[] _rules;

    private ErrorResponder(ErrorMessageRule[] rules)
    {
        _rules = rules;
    }

    /// <summary>Compiles an ErrorHandler; null gives <see cref="Default"/>.</summary>
    public static ErrorResponder Create(ErrorHandlerSpec? spec) =>
        spec is null || spec.ErrorMessages.Count == 0
            ? Default
            : new ErrorResponder([.. spec.ErrorMessages.Select(ErrorMessageRule.Create).OfType<ErrorMessageRule>()]);

    public Task WriteAsync(HttpContext context, ProxyProblem problem)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        // Go's Header.Get: the first Accept line only.
        var acceptValues = context.Request.Headers.Accept;
        var accept = acceptValues.Count > 0 ? acceptValues[0].AsSpan() : default;
        var status = ProblemResponse.StatusOf(problem);
        var (mediaType, body) = DefaultErrorBody.For(problem, accept);
        ErrorMessageRule? rule = null;
        ErrorContent? content = null;
        Dictionary<string, string>? values = null;
        if (_rules.Length > 0)
        {
            var code = ProblemResponse.AileronCodeOf(problem);
            var kind = ProblemResponse.AileronKindOf(problem);
            string? message = null;
            var path = context.Request.Path.Value ?? "/";
            foreach (var candidate in _rules)
            {
                if (candidate.Matches(path, code, kind, () => message ??= ProblemResponse.MessageOf(problem, context)))
                {
                    rule = candidate;
                    content = candidate.Select(accept);
                    status = content.StatusCode != 0 ? content.StatusCode : status;
                    values = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["status"] = status.ToString(CultureInfo.InvariantCulture),
                        ["statusText"] = GoStatusText.Of(status),
                        ["code"] = code,
                        ["kind"] = kind,
                    };
                    mediaType = content.MimeType;
                    body = content.Render(values);
                    break;
                }
            }
        }

        response.Clear();
        if (status < StatusCodes.Status200OK)
        {
            // AILERON writes nothing for a status below 100 and Go then answers 200 with no body;
            // an interim 1xx cannot end a response here either.
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentLength = 0;
            return Task.CompletedTask;
        }

        response.StatusCode = status;
        if (content is not null)
        {
            foreach (var (name, value) in content.Header)
            {
                response.Headers.Append(name, value);
            }

            foreach (var (name, template) in rule!.HeaderTemplate)
            {
                response.Headers.Append(name, ZTextTemplate.Render(template, values!));
            }
        }

        response.ContentType = ContentTypes.GetOrAdd(mediaType, static m => string.Concat(m, Charset));
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.Append("Vary", "Accept");
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body).AsTask();
    }
}
