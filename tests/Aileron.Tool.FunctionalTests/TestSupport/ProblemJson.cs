using System.Net;
using System.Text.Json;
using Aileron.Errors;

namespace Aileron.Tests.TestSupport;

/// <summary>Checks an answer the proxy gave itself: an RFC 9457 problem with its status and stable code.</summary>
internal static class ProblemJson
{
    public static async Task AssertAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(ProblemResponse.ContentType, response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("title").GetString()));
    }
}
