using System.Net;
using Aileron.Errors;

namespace Aileron.Tests.TestSupport;

/// <summary>
/// Checks an answer the proxy gave itself: the status in AILERON's default format
/// (the client sent no Accept), for the problem whose stable code is <c>code</c>: the status given.
/// </summary>
internal static class ProblemJson
{
    public static async Task AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal($"{{\"status\":{(int)status},\"statusText\":\"{GoStatusText.Of((int)status)}\"}}", await response.Content.ReadAsStringAsync());
        var problems = Enum.GetValues<ProxyProblem>().Where(p => ProblemResponse.CodeOf(p) == code).ToList();
        Assert.Contains((int)status, problems.Select(ProblemResponse.StatusOf));
    }
}
