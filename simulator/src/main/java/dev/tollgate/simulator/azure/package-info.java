/**
 * Azure OpenAI's data plane ({@code {resource}.openai.azure.com}): the OpenAI wire format under
 * {@code /openai/deployments/{deployment}/…?api-version=…}, with the deployment in the path as the model
 * (directives ride there: {@code gpt-4o-mini+status=429}). Takes an {@code api-key} header, or a Microsoft Entra
 * ID bearer token issued by the simulator's own Entra endpoint ({@link dev.tollgate.simulator.auth}). Missing
 * {@code api-version} and unknown paths are Azure's 404 {@code Resource not found}.
 */
package dev.tollgate.simulator.azure;
