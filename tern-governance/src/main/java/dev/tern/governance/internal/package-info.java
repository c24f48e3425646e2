/** Implementation of the governance middleware; not API. */
package dev.tern.governance.internal;
