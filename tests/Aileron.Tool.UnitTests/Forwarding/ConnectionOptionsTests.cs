using Aileron.Forwarding;
using Microsoft.Extensions.Primitives;

namespace Aileron.Tests.Forwarding;

public sealed class ConnectionOptionsTests
{
    [Theory]
    [InlineData("keep-alive")]
    [InlineData("close")]
    [InlineData(" Keep-Alive ,CLOSE")]
    [InlineData("")]
    public void Connection_options_alone_list_no_names(string value) =>
        Assert.Null(ConnectionOptions.ListedNames(new StringValues(value)));

    [Fact]
    public void Every_other_token_of_every_value_is_a_listed_name()
    {
        var listed = ConnectionOptions.ListedNames(new StringValues(["keep-alive, X-Secret", "close,X-Forwarded-For , Upgrade"]));

        Assert.Equal(["X-Secret", "X-Forwarded-For", "Upgrade"], listed);
        Assert.True(ConnectionOptions.Lists(listed, "x-secret"));
        Assert.False(ConnectionOptions.Lists(listed, "X-Other"));
        Assert.False(ConnectionOptions.Lists(null, "X-Secret"));
    }
}
