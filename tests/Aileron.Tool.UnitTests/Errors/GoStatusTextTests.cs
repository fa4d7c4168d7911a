using Aileron.Errors;

namespace Aileron.Tests.Errors;

/// <summary>Go's status texts, where they differ from .NET's reason phrases. Unit tests: no sockets.</summary>
public sealed class GoStatusTextTests
{
    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(413, "Request Entity Too Large")]
    [InlineData(414, "Request URI Too Long")]
    [InlineData(416, "Requested Range Not Satisfiable")]
    [InlineData(418, "I'm a teapot")]
    [InlineData(422, "Unprocessable Entity")]
    [InlineData(425, "Too Early")]
    [InlineData(103, "Early Hints")]
    [InlineData(299, "")]
    public void Texts_are_Gos(int status, string text) => Assert.Equal(text, GoStatusText.Of(status));
}
