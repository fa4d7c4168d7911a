using Aileron.Configuration.Model;
using Aileron.Patterns;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Aileron.Routing;

/// <summary>
/// A compiled <c>headerMatchers</c>, <c>queryMatchers</c> or <c>pathParamMatchers</c> entry, with
/// AILERON's semantics: a missing (or, for path parameters, empty) value never matches; several
/// values of one header or query key are joined with "," and matched as one string.
/// </summary>
internal sealed class ParamMatcher(ParamSource source, string key, StringMatcher matcher)
{
    public ParamSource Source => source;

    public string Key => key;

    public static ParamMatcher Create(ParamSource source, ParamMatcherSpec spec) =>
        new(source, spec.Key, StringMatcher.Create(spec.MatchType, spec.Patterns));

    public bool IsMatch(HttpContext context, in PathParameters parameters)
    {
        return source switch
        {
            ParamSource.Header => IsMatch(context.Request.Headers[key]),
            ParamSource.Query => IsMatch(context.Request.Query[key]),
            _ => parameters.TryGet(key, out var value) && !value.IsEmpty && matcher.IsMatch(value),
        };
    }

    private bool IsMatch(StringValues values) => values.Count switch
    {
        0 => false,
        1 => matcher.IsMatch(values[0]),
        _ => matcher.IsMatch(string.Join(',', values.ToArray())),
    };

    public override string ToString() => $"{source}[{key}] {matcher}";
}
