using System.Text.Json;
using Aileron.Errors;

namespace Aileron.Tests.Errors;

public sealed class ProblemResponseTests
{
    [Fact]
    public void Every_problem_has_its_own_entry_in_enum_order() =>
        Assert.Equal(Enum.GetValues<ProxyProblem>(), ProblemResponse.Listed);

    [Theory]
    [InlineData(nameof(ProxyProblem.NoRoute), 404, "no_route")]
    [InlineData(nameof(ProxyProblem.NoUpstream), 502, "no_upstream")]
    [InlineData(nameof(ProxyProblem.UpstreamUnreachable), 502, "upstream_unreachable")]
    [InlineData(nameof(ProxyProblem.UpstreamTimeout), 504, "upstream_timeout")]
    [InlineData(nameof(ProxyProblem.UpstreamError), 502, "upstream_error")]
    [InlineData(nameof(ProxyProblem.BadRequest), 400, "bad_request")]
    [InlineData(nameof(ProxyProblem.Internal), 500, "internal_error")]
    [InlineData(nameof(ProxyProblem.BodyTooLarge), 413, "body_too_large")]
    [InlineData(nameof(ProxyProblem.BadPath), 400, "bad_path")]
    [InlineData(nameof(ProxyProblem.ConnectNotAllowed), 405, "connect_not_allowed")]
    [InlineData(nameof(ProxyProblem.NoHandler), 404, "no_route")]
    public void Bodies_are_rfc9457_problems_with_a_stable_code(string name, int status, string code)
    {
        var problem = Enum.Parse<ProxyProblem>(name);
        using var body = JsonDocument.Parse(ProblemResponse.BodyOf(problem));

        Assert.Equal(status, ProblemResponse.StatusOf(problem));
        Assert.Equal(status, body.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(code, body.RootElement.GetProperty("code").GetString());
        Assert.Equal(["title", "status", "detail", "code"], body.RootElement.EnumerateObject().Select(p => p.Name));
    }
}
