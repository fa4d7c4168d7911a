namespace Aileron.Configuration.Model;

/// <summary>The identity of a resource: apiVersion, kind, namespace and name.</summary>
internal readonly record struct ResourceId(string ApiVersion, string Kind, string Namespace, string Name)
{
    public override string ToString() => $"{ApiVersion}/{Kind}/{Namespace}/{Name}";
}
