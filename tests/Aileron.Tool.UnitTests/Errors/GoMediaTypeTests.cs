using Aileron.Errors;

namespace Aileron.Tests.Errors;

/// <summary>The media type Go's mime.ParseMediaType finds in one Accept entry. Unit tests: no sockets.</summary>
public sealed class GoMediaTypeTests
{
    [Theory]
    [InlineData(" Application/JSON ; q=0.5", "application/json")]
    [InlineData("json", "json")]
    [InlineData("*/*", "*/*")]
    [InlineData("text/", "")]
    [InlineData("a/b/c", "")]
    [InlineData("", "")]
    [InlineData("text/plain; charset=\"utf-8\"; charset=utf-8", "text/plain")]
    [InlineData("text/plain; charset=ascii; charset=utf-8", "")]
    [InlineData("text/plain; =broken", "text/plain")]
    [InlineData("täxt/plain", "")]
    public void Parses_as_Go_does(string entry, string mediaType) => Assert.Equal(mediaType, GoMediaType.Parse(entry));
}
