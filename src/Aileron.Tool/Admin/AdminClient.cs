using System.Globalization;
using System.Net;
using System.Text.Json;
using Aileron.Configuration.Model;
using Aileron.Health;

namespace Aileron.Admin;

/// <summary>
/// Reads a running <c>serve</c>'s admin endpoint for <c>aileron upstreams --admin URL</c>. Every way
/// it can fail (nothing listening, a timeout, another server answering) is an
/// <see cref="AdminClientException"/> with one line that says which.
/// </summary>
internal static class AdminClient
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The <c>/upstreams</c> URL of an admin address as a user writes it: <c>http://127.0.0.1:9901</c>,
    /// <c>127.0.0.1:9901</c>, <c>localhost:9901</c>, or a bare port as <c>serve --admin</c> takes it.
    /// </summary>
    public static bool TryResolve(string text, out Uri? uri)
    {
        var port = text.StartsWith(':') ? text[1..] : text;
        if (port.Length > 0 && port.All(char.IsAsciiDigit))
        {
            text = "localhost:" + port;
        }

        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.Host.Length == 0)
        {
            uri = null;
            return false;
        }

        var path = parsed.AbsolutePath.TrimEnd('/');
        uri = new UriBuilder(parsed) { Path = path.EndsWith(AdminPaths.Upstreams, StringComparison.Ordinal) ? path : path + AdminPaths.Upstreams }.Uri;
        return true;
    }

    /// <exception cref="AdminClientException">The endpoint could not be read, or did not answer with an upstreams report.</exception>
    public static async Task<UpstreamsReport> GetUpstreamsAsync(Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string body;
        try
        {
            using var response = await http.GetAsync(uri, deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new AdminClientException(
                    $"{uri} answered HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}: is it the admin listener of aileron serve?");
            }

            body = await response.Content.ReadAsStringAsync(deadline.Token);
        }
        catch (HttpRequestException e)
        {
            throw new AdminClientException($"cannot reach the admin endpoint at {uri}: {HealthProbe.Describe(e)}", e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdminClientException($"cannot reach the admin endpoint at {uri}: timed out after {DurationParser.Format(timeout)}", e);
        }

        try
        {
            return UpstreamsJson.Read(body);
        }
        catch (JsonException e)
        {
            throw new AdminClientException($"{uri} did not answer with an upstreams report: {e.Message.Split('\n')[0]}", e);
        }
    }
}
