namespace FlexAspire.AppHost.Dashboard;

public static class DashboardLinks
{
    /// A service's endpoint link opens its Scalar API reference (Development) instead of a root path no route answers.
    public static IResourceBuilder<ProjectResource> WithApiReferenceUrl(this IResourceBuilder<ProjectResource> service) =>
        service.WithUrlForEndpoint("http", url => (url.Url, url.DisplayText) = ("/scalar", "API reference"));
}
