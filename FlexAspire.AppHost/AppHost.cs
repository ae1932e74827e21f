using FlexAspire.AppHost.Postgres;
using FlexAspire.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

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
    .WithHttpHealthCheck("/health");

builder.Build().Run();
