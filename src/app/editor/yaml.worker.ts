/** monaco-yaml's language worker, bundled by Vite from this file (`?worker`). */
import 'monaco-yaml/yaml.worker.js';
