using FlexAspire.AppHost.Postgres;
using FlexAspire.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

var flexEnabled = builder.AddParameter("flex-enabled", "true");

var flexdb = builder.AddFlexDatabase();

var registry = builder.AddProject<Projects.FlexAspire_Registry>(ResourceNames.Registry)
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithHttpHealthCheck("/health");

var planner = builder.AddProject<Projects.FlexAspire_Planner>(ResourceNames.Planner)
    .WithReference(registry)
    .WaitFor(registry)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.FlexAspire_Api>(ResourceNames.Api)
    .WithReference(flexdb)
    .WaitFor(flexdb)
    .WithReference(registry)
    .WithReference(planner)
    .WaitFor(planner)
    .WithEnvironment("FLEX_ENABLED", flexEnabled)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
