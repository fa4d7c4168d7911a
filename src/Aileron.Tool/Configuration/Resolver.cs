using Aileron.Configuration.Diagnostics;
using Aileron.Configuration.Model;
using Aileron.Configuration.Validation;

namespace Aileron.Configuration;

/// <summary>
/// Resolves the references of a config with their defaults, reporting each that does not resolve at
/// the reference: a missing resource (with the closest name), a resource of the wrong kind, or one
/// of AILERON's kinds that aileron does not run, named in one line and nothing else.
/// </summary>
internal sealed class Resolver(Dictionary<ResourceId, Resource> byId, HashSet<ResourceId> refused, DiagnosticBag diagnostics)
{
    /// <summary>A virtual host's handler: its middleware refused, its ReverseProxyHandler resolved with its load balancers.</summary>
    public HandlerConfig? Handler(HandlerSpec handler)
    {
        RefuseAll(handler.Middleware, "middleware");
        if (handler.Handler is null)
        {
            diagnostics.Error(handler.Position, $"{handler.Path}: missing handler: add a reference to a ReverseProxyHandler");
            return null;
        }

        var resource = Reference(handler.Handler, ResourceKinds.ReverseProxyHandler, "handler");
        if (resource?.Spec is not ReverseProxyHandlerSpec proxy)
        {
            return null;
        }

        var name = $"{resource.Metadata.Namespace}/{resource.Metadata.Name}";
        var client = Client(proxy);
        return new HandlerConfig(
            handler,
            resource.Id,
            [.. proxy.LoadBalancers.Select((lb, i) => new LoadBalancerConfig($"{name}[{i}]", resource.Id, i, lb, client))],
            proxy.Patterns,
            proxy.Methods);
    }

    /// <summary>The HTTPClient a ReverseProxyHandler's roundTripper names, checked against its upstreams; none: the default client.</summary>
    private HttpClientConfig? Client(ReverseProxyHandlerSpec proxy)
    {
        if (proxy.RoundTripper is not { } reference
            || Reference(reference, ResourceKinds.HttpClient, "roundTripper") is not { Spec: HttpClientSpec spec } resource)
        {
            return null;
        }

        HttpClientValidator.CheckUpstreams(spec, resource.Id, proxy, diagnostics);
        return new HttpClientConfig(resource.Id, spec);
    }

    /// <summary>The resource a reference names, when it exists and is of <paramref name="expectedKind"/>; reports why not otherwise.</summary>
    public Resource? Reference(ResourceReference reference, string expectedKind, string role)
    {
        if (reference.ApiVersion.Length == 0 || reference.Kind.Length == 0)
        {
            diagnostics.Error(
                reference.Position,
                $"{reference.Path}: a reference needs apiVersion and kind (apiVersion: core/v1, kind: {expectedKind})");
            return null;
        }

        if (ResourceKinds.IsUnsupported(reference.ApiVersion, reference.Kind))
        {
            Refuse(reference);
            return null;
        }

        if (reference.Kind != expectedKind)
        {
            diagnostics.Error(
                reference.PositionOf("kind"),
                $"{reference.Path}: a {role} must be of kind {expectedKind}, not {reference.Kind}");
            return null;
        }

        if (byId.TryGetValue(reference.Id, out var target))
        {
            return target;
        }

        var sameKind = byId.Keys.Where(k => k.Kind == reference.Kind && k.ApiVersion == reference.ApiVersion)
            .Select(k => $"{k.Namespace}/{k.Name}").ToList();
        var wanted = $"{reference.Namespace}/{reference.Name}";
        var suggestion = NameSuggester.Closest(wanted, sameKind);
        var hint = suggestion is not null ? $"; did you mean '{suggestion}'?"
            : sameKind.Count > 0 ? $"; defined: {string.Join(", ", sameKind)}"
            : $"; no {reference.Kind} is defined in the loaded files";
        diagnostics.Error(reference.Position, $"{reference.Path}: no {reference.Kind} named '{wanted}'{hint}");
        return null;
    }

    /// <summary>
    /// References in fields whose kinds aileron runs none of (middleware, tripperwares): each is
    /// refused, since serving without what it does (authentication, limits, retries) would not be
    /// the config that was written.
    /// </summary>
    public void RefuseAll(IReadOnlyList<ResourceReference> references, string role)
    {
        foreach (var reference in references)
        {
            if (ResourceKinds.IsUnsupported(reference.ApiVersion, reference.Kind))
            {
                Refuse(reference);
            }
            else
            {
                diagnostics.Error(
                    reference.PositionOf("kind"),
                    $"{reference.Path}: '{reference.ApiVersion} {reference.Kind}' is not a {role} kind of AILERON, and aileron runs no {role}");
            }
        }
    }

    private void Refuse(ResourceReference reference)
    {
        refused.Add(reference.Id);
        diagnostics.Error(reference.PositionOf("kind"), $"{ResourceKinds.Refusal(reference.Kind)}: {reference.Path} refers to {reference.ApiVersion} {reference.Kind}");
    }
}
