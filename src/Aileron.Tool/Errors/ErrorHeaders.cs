namespace Aileron.Errors;

/// <summary>Header names as Go's <c>http.Header</c> writes them (<c>textproto.CanonicalMIMEHeaderKey</c>): <c>x-example</c> → <c>X-Example</c>.</summary>
internal static class ErrorHeaders
{
    public static string Canonical(string name)
    {
        // Go leaves a name with a space or another character that is not a token character as it is.
        if (name.Length == 0 || !name.All(GoMediaType.IsTokenChar))
        {
            return name;
        }

        var chars = name.ToCharArray();
        var upper = true;
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = upper ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
            upper = chars[i] == '-';
        }

        return new string(chars);
    }
}
