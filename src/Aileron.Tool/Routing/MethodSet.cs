using Aileron.Configuration.Model;

namespace Aileron.Routing;

/// <summary>
/// A set of HTTP methods as a bit mask, so a request's method is checked with one AND instead of a
/// list scan. The empty set means "any method". Methods outside AILERON's list never match a
/// non-empty set.
/// </summary>
internal readonly record struct MethodSet(int Bits)
{
    /// <summary>Set alone in an intersection that came out empty: no request method is in it.</summary>
    private const int NoneBit = 1 << 30;

    public static MethodSet Any => default;

    /// <summary>No method at all: what an unknown method or an empty intersection allows.</summary>
    public static MethodSet None => new(NoneBit);

    /// <summary>The set of one request method; <see cref="None"/> for a method AILERON does not list.</summary>
    public static MethodSet Of(string method) => BitOf(method) is var bit and not 0 ? new MethodSet(bit) : None;

    public bool IsAny => Bits == 0;

    public static MethodSet Of(IEnumerable<HttpMethodName> methods)
    {
        var bits = 0;
        foreach (var method in methods)
        {
            bits |= Bit(method);
        }

        return new MethodSet(bits);
    }

    public static int Bit(HttpMethodName method) => 1 << (int)method;

    /// <summary>The bit of a request method (methods are case-sensitive); 0 for one AILERON does not list.</summary>
    public static int BitOf(string method) => method.Length switch
    {
        3 when method == "GET" => Bit(HttpMethodName.GET),
        3 when method == "PUT" => Bit(HttpMethodName.PUT),
        4 when method == "POST" => Bit(HttpMethodName.POST),
        4 when method == "HEAD" => Bit(HttpMethodName.HEAD),
        5 when method == "PATCH" => Bit(HttpMethodName.PATCH),
        5 when method == "TRACE" => Bit(HttpMethodName.TRACE),
        6 when method == "DELETE" => Bit(HttpMethodName.DELETE),
        7 when method == "OPTIONS" => Bit(HttpMethodName.OPTIONS),
        7 when method == "CONNECT" => Bit(HttpMethodName.CONNECT),
        _ => 0,
    };

    public bool Contains(int methodBit) => (Bits & methodBit) != 0;

    public bool Contains(HttpMethodName method) => Contains(Bit(method));

    /// <summary>Both constraints at once: the intersection, where "any" is the identity.</summary>
    public MethodSet Intersect(MethodSet other) =>
        IsAny ? other : other.IsAny ? this : (Bits & other.Bits) == 0 ? None : new MethodSet(Bits & other.Bits);

    public override string ToString() =>
        IsAny ? "*" : Bits == NoneBit ? "none" : string.Join(',', Enum.GetValues<HttpMethodName>().Where(Contains));
}
