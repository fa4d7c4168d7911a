namespace Aileron.Configuration.Model;

/// <summary>The HTTP methods AILERON's schema accepts (core.v1.HTTPMethod).</summary>
#pragma warning disable CA1707
internal enum HttpMethodName
{
    GET,
    HEAD,
    POST,
    PUT,
    PATCH,
    DELETE,
    CONNECT,
    OPTIONS,
    TRACE,
}
