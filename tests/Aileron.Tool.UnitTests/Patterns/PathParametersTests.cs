using Aileron.Patterns;

namespace Aileron.Tests.Patterns;

/// <summary>The wildcards a route pattern captured, read by name from the request path.</summary>
public sealed class PathParametersTests
{
    [Fact]
    public void Each_captured_value_is_read_by_its_wildcard_name()
    {
        var parameters = Capture("/users/{id}/files/{path...}", "/users/42/files/a/b.txt");

        Assert.Equal(2, parameters.Count);
        Assert.True(parameters.TryGet("id", out var id));
        Assert.True(parameters.TryGet("path", out var path));
        Assert.Equal(("42", "a/b.txt"), (id.ToString(), path.ToString()));
    }

    [Fact]
    public void A_name_the_pattern_does_not_have_is_not_found()
    {
        var parameters = Capture("/users/{id}", "/users/42");

        Assert.False(parameters.TryGet("ID", out var value));
        Assert.True(value.IsEmpty);
    }

    [Fact]
    public void Empty_parameters_have_no_names()
    {
        Assert.Equal(0, PathParameters.Empty.Count);
        Assert.False(PathParameters.Empty.TryGet("id", out _));
        Assert.Equal(0, Capture("/static/", "/static/x").Count);
    }

    private static PathParameters Capture(string pattern, string path)
    {
        Assert.True(RoutePattern.TryParse(pattern, out var parsed, out var error), error);
        var values = new Range[parsed.ParameterNames.Count];
        Assert.True(parsed.TryMatch(path, values));
        return new PathParameters(parsed, path, values);
    }
}
