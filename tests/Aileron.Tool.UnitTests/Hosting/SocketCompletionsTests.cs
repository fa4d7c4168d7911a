using Aileron.Hosting;

namespace Aileron.Tests.Hosting;

public sealed class SocketCompletionsTests
{
    [Fact]
    public void Inline_completions_are_turned_on_when_the_user_said_nothing() =>
        Assert.Equal("1", SocketCompletions.ValueToSet(null));

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("")]
    public void A_value_the_user_set_is_kept(string current) =>
        Assert.Null(SocketCompletions.ValueToSet(current));
}
