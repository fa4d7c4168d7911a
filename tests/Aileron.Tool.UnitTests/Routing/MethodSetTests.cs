using Aileron.Configuration.Model;
using Aileron.Routing;

namespace Aileron.Tests.Routing;

/// <summary>Methods as a bit mask: empty means any method, an unknown method is in no listed set.</summary>
public sealed class MethodSetTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("HEAD")]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    [InlineData("CONNECT")]
    [InlineData("OPTIONS")]
    [InlineData("TRACE")]
    public void Each_method_AILERON_lists_has_its_own_bit(string method)
    {
        var name = Enum.Parse<HttpMethodName>(method);

        Assert.Equal(MethodSet.Bit(name), MethodSet.BitOf(method));
        Assert.True(MethodSet.Of(method).Contains(name));
        Assert.Single(Enum.GetValues<HttpMethodName>(), m => MethodSet.Of(method).Contains(m));
    }

    [Theory]
    [InlineData("get")]
    [InlineData("PROPFIND")]
    [InlineData("")]
    public void A_method_AILERON_does_not_list_is_in_no_set_but_the_any_set(string method)
    {
        Assert.Equal(0, MethodSet.BitOf(method));
        Assert.Equal(MethodSet.None, MethodSet.Of(method));
        Assert.False(MethodSet.Of([HttpMethodName.GET, HttpMethodName.POST]).Contains(MethodSet.BitOf(method)));
        Assert.True(MethodSet.Any.IsAny);
    }

    [Fact]
    public void An_empty_list_means_any_method()
    {
        Assert.Equal(MethodSet.Any, MethodSet.Of([]));
        Assert.True(MethodSet.Of([]).IsAny);
        Assert.False(MethodSet.None.IsAny);
    }

    [Fact]
    public void Intersecting_keeps_the_methods_both_allow_and_any_is_the_identity()
    {
        var readWrite = MethodSet.Of([HttpMethodName.GET, HttpMethodName.POST]);
        var writes = MethodSet.Of([HttpMethodName.POST, HttpMethodName.PUT]);

        Assert.Equal(MethodSet.Of([HttpMethodName.POST]), readWrite.Intersect(writes));
        Assert.Equal(readWrite, readWrite.Intersect(MethodSet.Any));
        Assert.Equal(writes, MethodSet.Any.Intersect(writes));
    }

    [Fact]
    public void Disjoint_sets_intersect_to_none_not_to_any()
    {
        var none = MethodSet.Of("GET").Intersect(MethodSet.Of("POST"));

        Assert.Equal(MethodSet.None, none);
        Assert.False(none.IsAny);
        Assert.DoesNotContain(Enum.GetValues<HttpMethodName>(), none.Contains);
    }

    [Fact]
    public void ToString_lists_the_methods_or_says_any_or_none()
    {
        Assert.Equal("*", MethodSet.Any.ToString());
        Assert.Equal("none", MethodSet.None.ToString());
        Assert.Equal("GET,POST", MethodSet.Of([HttpMethodName.POST, HttpMethodName.GET]).ToString());
    }
}
