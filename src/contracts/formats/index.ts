import type { ArtifactFormat } from '../../config/index.js';
import type { ContractFormat } from '../types.js';
import { jsonschemaFormat } from './jsonschema.js';
import { openapiFormat } from './openapi.js';
import { typescriptFormat } from './typescript.js';

/** `file`: a published file whose content no one reads; that it exists is the whole contract. */
const fileFormat: ContractFormat = { format: 'file', read: async () => ({ problems: [] }) };

/** Every artifact format, by name. A new format is a new file here and one entry. */
const FORMATS: Record<ArtifactFormat, ContractFormat> = {
  openapi: openapiFormat,
  jsonschema: jsonschemaFormat,
  typescript: typescriptFormat,
  file: fileFormat,
};

export const contractFormat = (format: ArtifactFormat): ContractFormat => FORMATS[format];
