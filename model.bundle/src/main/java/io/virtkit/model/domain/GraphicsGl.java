package io.virtkit.model.domain;

/**
 * A graphics {@code <gl>}: OpenGL acceleration of the display.
 *
 * @param enable     whether it is on ({@code null} where the type has no switch: egl-headless)
 * @param rendernode the DRM render node, or {@code null} for the host's choice
 */
public record GraphicsGl(Boolean enable, String rendernode) {
}
